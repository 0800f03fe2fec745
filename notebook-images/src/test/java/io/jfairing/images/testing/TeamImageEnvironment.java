package io.jfairing.images.testing;

import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.Registry;
import io.jfairing.fairing.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the team image integration tests share, made once per run: a registry on 127.0.0.1, podman and skopeo set up
 * for it, a base image made here with no Docker Hub (fairing's jlink base: a JDK with jdk.jshell at {@code /opt/jre},
 * the C libraries it needs, FROM scratch), a Maven repository with team libraries, and the kernel jar.
 *
 * <p>Use with {@code @ExtendWith(TeamImageEnvironment.class)} and {@link #get()}.
 */
public final class TeamImageEnvironment implements BeforeAllCallback, AutoCloseable {
    /** The base's JDK: Java SE and JShell (what the kernel needs). */
    public static final String JAVA_HOME = "/opt/jre";

    private static final List<String> MODULES = List.of("java.se", "jdk.jshell", "jdk.unsupported", "jdk.zipfs");

    private static TeamImageEnvironment instance;

    private Registry registry;
    private Containers containers;
    private String baseImage;
    private String jupyterBase;
    private Path work;
    private Path kernelJar;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Tools.requireRegistry();
        Tools.requireContainers();
        Tools.requirePythonModules(List.of("jupyter_client"), "jupyter-client");
        Path jar = Path.of(System.getProperty("kernel.jar", "../kernel/target/jfairing-kernel.jar"))
                .toAbsolutePath();
        Tools.requireFile(jar, "the kernel jar", "build it with mvn -pl kernel -am package (or set -Dkernel.jar)");
        synchronized (TeamImageEnvironment.class) {
            if (instance == null) {
                TeamImageEnvironment environment = new TeamImageEnvironment();
                environment.kernelJar = jar;
                environment.start();
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(TeamImageEnvironment.class, environment);
                instance = environment;
            }
        }
    }

    public static TeamImageEnvironment get() {
        return instance;
    }

    private void start() throws Exception {
        registry = Registry.plain();
        containers = new Containers(List.of(registry.host()));
        work = Files.createTempDirectory("jfairing-team-images-");
        TeamLibraries.create(Files.createDirectories(work.resolve("maven-remote")));
        Files.createDirectories(work.resolve("maven-local"));
        baseImage = registry.host() + "/jfairing/jdk:17";
        JlinkBaseImage.builder()
                .modules(MODULES)
                .insecure(true)
                .build()
                .build(ImageTarget.registry(baseImage).withCredentials(RegistryCredentials.none()));
    }

    /**
     * The JDK base with this machine's Python and Jupyter notebook server added (made on first use): a base on
     * which team images run a real Jupyter server. Fails the test when this machine has no Debian Python with
     * the Jupyter notebook server.
     */
    public synchronized String jupyterBaseImage() throws Exception {
        HostJupyterBase.NOTEBOOK.require();
        if (jupyterBase == null) {
            String image = registry.host() + "/jfairing/jupyter-jdk:17";
            HostJupyterBase.NOTEBOOK.build(baseImage, image);
            jupyterBase = image;
        }
        return jupyterBase;
    }

    public Registry registry() {
        return registry;
    }

    public Containers containers() {
        return containers;
    }

    /** A JDK (with JShell) at {@link #JAVA_HOME}, no shell, no Jupyter. */
    public String baseImage() {
        return baseImage;
    }

    /** The team libraries' repository, as a URL for a spec. */
    public String mavenRepositoryUrl() {
        return work.resolve("maven-remote").toUri().toString();
    }

    /** A local repository of this run only (nothing goes to ~/.m2). */
    public Path localRepository() {
        return work.resolve("maven-local");
    }

    /** A fresh Jib cache folder. */
    public Path newCache() throws IOException {
        return Files.createTempDirectory(work, "jib-cache-");
    }

    public Path kernelJar() {
        return kernelJar;
    }

    @Override
    public void close() {
        List<Exception> ignored = new ArrayList<>();
        try {
            if (containers != null) {
                containers.close();
            }
        } catch (IOException e) {
            ignored.add(e);
        }
        if (registry != null) {
            registry.close();
        }
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                ignored.add(e);
            }
        }
    }
}
