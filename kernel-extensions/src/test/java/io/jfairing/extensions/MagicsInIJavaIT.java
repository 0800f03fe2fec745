package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.preprocess.DependencyResolver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The magics in a stock IJava kernel: builds IJava 1.3.0 from its sources ({@code src/test/ijava}, its
 * dependencies from Maven Central), installs it as a kernelspec, and runs {@code src/test/python/test_ijava.py}:
 * the README's two cells load {@code %fairing} and {@code %metadata}, which then train IJava's cells as a job.
 */
class MagicsInIJavaIT {
    @TempDir
    Path dir;

    @Test
    void theMagicsLoadIntoAStockIJavaKernel() throws Exception {
        Path kernelJar = Path.of(System.getProperty("kernel.jar", "../kernel/target/jfairing-kernel.jar"))
                .toAbsolutePath()
                .normalize();
        Path extension = Path.of(System.getProperty("extension.dir", "target/extension"))
                .toAbsolutePath()
                .normalize();
        assertThat(kernelJar).as("build the kernel first").isRegularFile();
        assertThat(extension).as("build the extensions first").isDirectory();
        String ijava = buildIJava(Path.of("src/test/ijava").toAbsolutePath());

        Path prefix = Files.createDirectories(dir.resolve("prefix"));
        String kernelName = "ijava-" + UUID.randomUUID().toString().substring(0, 8);
        Path spec =
                Files.createDirectories(prefix.resolve("share/jupyter/kernels").resolve(kernelName));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(
                spec.resolve("kernel.json"),
                "{\"argv\": [\"" + java + "\", \"-cp\", \"" + ijava
                        + "\", \"io.github.spencerpark.ijava.IJava\", \"{connection_file}\"], \"display_name\": \"IJava\", "
                        + "\"language\": \"java\", \"interrupt_mode\": \"message\"}");
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));

        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "-v", "test_ijava")
                .directory(Path.of("src/test/python").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put(
                "JUPYTER_RUNTIME_DIR",
                Files.createDirectories(dir.resolve("runtime")).toString());
        env.put("JFAIRING_KERNEL_NAME", kernelName);
        env.put("JFAIRING_PROJECT", project.toString());
        env.put("JFAIRING_HOME", home.toString());
        env.put("JFAIRING_KERNEL_JAR", kernelJar.toString());
        env.put("JFAIRING_EXTENSION_DIR", extension.toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        MagicsIT.Result result = MagicsIT.run(pb, 10);
        System.out.println(result.output());
        MagicsIT.saveForTheReportCheck("test_ijava", result.output());
        assertThat(result.timedOut()).as(result.output()).isFalse();
        assertThat(result.exitCode())
                .as("python3 -m unittest (output above):%n%s", result.output())
                .isZero();
        assertThat(result.output())
                .as("python3 -m unittest (output above)")
                .containsPattern("(?m)^OK\\s*$")
                .containsPattern("Ran [1-9]\\d* tests?")
                .doesNotContainPattern("(?i)\\bskipped\\b");
    }

    /** Compiles IJava's sources and returns its class path: the classes, its resources, its dependencies. */
    private String buildIJava(Path sources) throws Exception {
        List<Path> dependencies = DependencyResolver.maven()
                .resolve(
                        List.of(
                                "io.github.spencerpark:jupyter-jvm-basekernel:2.3.0",
                                "org.apache.ivy:ivy:2.5.0-rc1",
                                "org.apache.maven:maven-model-builder:3.6.0"),
                        List.of());
        Path classes = Files.createDirectories(dir.resolve("ijava-classes"));
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources.resolve("java"))) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .toList();
        }
        String classpath = String.join(
                File.pathSeparator, dependencies.stream().map(Path::toString).toList());
        List<String> args =
                new ArrayList<>(List.of("-nowarn", "-proc:none", "-d", classes.toString(), "-cp", classpath));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status = javac.run(null, log, log, args.toArray(String[]::new));
        assertThat(status)
                .as("compiling IJava: %s", log.toString(StandardCharsets.UTF_8))
                .isZero();
        try (Stream<Path> walk = Files.walk(sources.resolve("resources"))) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                Files.copy(
                        file,
                        classes.resolve(
                                sources.resolve("resources").relativize(file).toString()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return classes + File.pathSeparator + classpath;
    }
}
