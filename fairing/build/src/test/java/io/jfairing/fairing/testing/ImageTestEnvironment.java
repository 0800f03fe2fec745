package io.jfairing.fairing.testing;

import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.image.ImageTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the image integration tests share, made once per test run and stopped at its end: a plain registry, a
 * registry with HTTPS and htpasswd, podman and skopeo configured for them, a JRE base image made with
 * {@code jfairing base-image} (jlink) in the plain registry, and a Jib cache folder.
 *
 * <p>Use with {@code @ExtendWith(ImageTestEnvironment.class)} and {@link #get()}.
 */
public final class ImageTestEnvironment implements BeforeAllCallback, AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-Pa55word";
    /** The base's modules: enough for the test notebooks and the model server, and fast to jlink. */
    public static final String MODULES = "java.base,java.logging,java.net.http,jdk.httpserver";

    private static ImageTestEnvironment instance;

    private Registry registry;
    private Registry authRegistry;
    private Containers containers;
    private String baseImage;
    private Path cache;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Tools.requireRegistry();
        Tools.requireContainers();
        synchronized (ImageTestEnvironment.class) {
            if (instance == null) {
                ImageTestEnvironment environment = new ImageTestEnvironment();
                environment.start();
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(ImageTestEnvironment.class, environment);
                instance = environment;
            }
        }
    }

    public static ImageTestEnvironment get() {
        return instance;
    }

    private void start() throws Exception {
        registry = Registry.plain();
        authRegistry = Registry.withAuth(USER, PASSWORD);
        containers = new Containers(List.of(registry.host(), authRegistry.host()));
        cache = Files.createTempDirectory("jfairing-jib-cache-");
        baseImage = registry.host() + "/jfairing/jre:17";
        // what `jfairing base-image --image IMAGE --insecure --modules MODULES` does
        JlinkBaseImage.builder()
                .modules(List.of(MODULES.split(",")))
                .insecure(true)
                .build()
                .build(ImageTarget.registry(baseImage));
    }

    public Registry registry() {
        return registry;
    }

    public Registry authRegistry() {
        return authRegistry;
    }

    public Containers containers() {
        return containers;
    }

    /** A JRE-only image (jlink: {@link #MODULES}; no compiler, no shell). */
    public String baseImage() {
        return baseImage;
    }

    /** Jib's cache for this test run. */
    public Path cache() {
        return cache;
    }

    @Override
    public void close() {
        try {
            if (containers != null) {
                containers.close();
            }
        } catch (IOException ignored) {
            // temp
        }
        if (registry != null) {
            registry.close();
        }
        if (authRegistry != null) {
            authRegistry.close();
        }
        if (cache != null) {
            try (java.util.stream.Stream<Path> walk = Files.walk(cache)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp
            }
        }
    }
}
