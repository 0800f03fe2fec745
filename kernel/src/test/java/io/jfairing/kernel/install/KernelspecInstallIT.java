package io.jfairing.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the installer from the shaded jar, as a user would. */
class KernelspecInstallIT {
    private static final Path JAR = Path.of(System.getProperty("kernel.jar", "target/jfairing-kernel.jar"));
    private static final Path RUNNING_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private record Outcome(int status, String output) {}

    private static Outcome run(List<String> javaOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    @Test
    void installsAKernelspecThatStartsTheCopiedJar(@TempDir Path prefix) throws Exception {
        Outcome outcome = run(
                List.of(),
                "install",
                "--java",
                RUNNING_JAVA.toString(),
                "--prefix",
                prefix.toString(),
                "--name",
                "java-test",
                "--display-name",
                "Java (test)",
                "--jvm-option=-Xmx512m",
                "--cell-timeout",
                "90s",
                "--env",
                "A=b");
        assertThat(outcome.status()).as(outcome.output()).isZero();
        Path dir = prefix.resolve("share/jupyter/kernels/java-test");
        String json = Files.readString(dir.resolve("kernel.json"));
        assertThat(json)
                .contains(
                        "\"display_name\": \"Java (test)\"",
                        "\"language\": \"java\"",
                        "\"interrupt_mode\": \"message\"",
                        "\"-Xmx512m\"",
                        "\"-jar\"",
                        dir.resolve("jfairing-kernel.jar").toString(),
                        "\"run\"",
                        "\"{connection_file}\"",
                        "\"JFAIRING_CELL_TIMEOUT\": \"90s\"",
                        "\"A\": \"b\"");
        assertThat(Files.size(dir.resolve("jfairing-kernel.jar"))).isEqualTo(Files.size(JAR));
        assertThat(json).contains("\"" + RUNNING_JAVA + "\"");
        if (Runtime.version().feature() >= 24) {
            assertThat(dir.resolve("kernel.aot")).isRegularFile();
            assertThat(json).contains("-XX:AOTCache=" + dir.resolve("kernel.aot"));
        } else {
            assertThat(dir.resolve("kernel.jsa")).isRegularFile();
            assertThat(json).contains("-XX:SharedArchiveFile=" + dir.resolve("kernel.jsa"));
        }
    }

    @Test
    void withoutJavaTheNewestJdkWithJShellRunsTheKernelWithItsCache(@TempDir Path prefix) throws Exception {
        Path newest = newestJdkInUsrLibJvm();
        Outcome outcome = run(List.of(), "install", "--prefix", prefix.toString(), "--name", "newest");
        assertThat(outcome.status()).as(outcome.output()).isZero();
        Path dir = prefix.resolve("share/jupyter/kernels/newest");
        String json = Files.readString(dir.resolve("kernel.json"));
        assertThat(json).contains("\"" + newest.resolve("bin/java") + "\"");
        int feature = feature(newest);
        assertThat(outcome.output()).contains("on Java " + feature + " (" + newest + ")");
        if (feature >= 24) {
            assertThat(outcome.output()).contains("with an AOT cache (kernel.aot)");
            assertThat(json)
                    .contains("-XX:AOTCache=" + dir.resolve("kernel.aot"))
                    .doesNotContain("SharedArchiveFile");
            assertThat(dir.resolve("kernel.aot")).isRegularFile();
            assertThat(dir.resolve("kernel.aotconf"))
                    .as("the training run's configuration is removed")
                    .doesNotExist();
        } else {
            assertThat(outcome.output()).contains("with a CDS archive (kernel.jsa)");
            assertThat(dir.resolve("kernel.jsa")).isRegularFile();
        }
    }

    @Test
    void whenNoCacheCanBeRecordedTheKernelIsInstalledWithoutOne(@TempDir Path prefix) throws Exception {
        // with class-data sharing turned off neither an AOT cache nor a CDS archive can be recorded
        Outcome outcome =
                run(List.of(), "install", "--prefix", prefix.toString(), "--name", "plain", "--jvm-option=-Xshare:off");
        assertThat(outcome.status()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("no start-up cache could be recorded", "the kernel works");
        Path dir = prefix.resolve("share/jupyter/kernels/plain");
        assertThat(Files.readString(dir.resolve("kernel.json")))
                .contains("\"-Xshare:off\"")
                .doesNotContain("AOTCache", "SharedArchiveFile");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("jfairing-kernel.jar", "jfairing-runtime.jar", "kernel.json");
        }
    }

    @Test
    void javaThatIsNotAJdkIsRefusedWithAReason(@TempDir Path prefix) throws Exception {
        Outcome outcome = run(List.of(), "install", "--prefix", prefix.toString(), "--java", "/bin/sh", "--no-cache");
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.output()).contains("--java /bin/sh: not the bin/java of a JDK");
        assertThat(prefix.resolve("share/jupyter/kernels/java/kernel.json")).doesNotExist();
    }

    /** The JDK with jdk.jshell and the highest JAVA_VERSION among /usr/lib/jvm's folders, read from their release files. */
    static Path newestJdkInUsrLibJvm() throws Exception {
        Path best = Path.of(System.getProperty("java.home")).toRealPath();
        try (var folders = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                Path release = folder.resolve("release");
                if (Files.isRegularFile(release)
                        && Files.readString(release).matches("(?s).*MODULES=\"[^\"]*\\bjdk\\.jshell\\b.*")
                        && feature(folder) > feature(best)) {
                    best = folder.toRealPath();
                }
            }
        }
        return best;
    }

    static int feature(Path jdk) throws Exception {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)")
                .matcher(Files.readString(jdk.resolve("release")));
        assertThat(version.find()).as("JAVA_VERSION in " + jdk).isTrue();
        return Integer.parseInt(version.group(1));
    }

    @Test
    void destdirWritesBelowItAndClasspathEntriesAreTheCellsNotTheKernels(@TempDir Path destdir) throws Exception {
        Outcome outcome = run(
                List.of(),
                "install",
                "--prefix",
                "/usr/local",
                "--destdir",
                destdir.toString(),
                "--java",
                "/opt/jdk/bin/java",
                "--classpath",
                "/opt/team/libs/*",
                "--extension-path",
                "/opt/team/extensions");
        assertThat(outcome.status()).as(outcome.output()).isZero();
        Path dir = destdir.resolve("usr/local/share/jupyter/kernels/java");
        String json = Files.readString(dir.resolve("kernel.json"));
        assertThat(json)
                .contains(
                        "\"/opt/jdk/bin/java\"",
                        "\"-Djfairing.kernel.classpath=/opt/team/libs/*\"",
                        "\"-Djfairing.kernel.extensions=/opt/team/extensions\"",
                        "\"-jar\"",
                        "\"/usr/local/share/jupyter/kernels/java/jfairing-kernel.jar\"",
                        "\"run\"",
                        "\"{connection_file}\"");
        // the kernel's class path is its jar alone: what cells use is the cells' class path, not the kernel's
        assertThat(json).doesNotContain(destdir.toString(), "\"-cp\"", "SharedArchiveFile");
        assertThat(dir.resolve("jfairing-kernel.jar")).isRegularFile();
        byte[] runtimeJar = Files.readAllBytes(dir.resolve("jfairing-runtime.jar"));
        Outcome again = run(
                List.of(),
                "install",
                "--prefix",
                "/usr/local",
                "--destdir",
                destdir.toString(),
                "--java",
                "/opt/jdk/bin/java");
        assertThat(again.status()).as(again.output()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("jfairing-runtime.jar")))
                .as("the same bytes on every install, so that an image's kernel layer is reproducible")
                .isEqualTo(runtimeJar);
        try (java.util.jar.JarFile runtime =
                new java.util.jar.JarFile(dir.resolve("jfairing-runtime.jar").toFile())) {
            assertThat(runtime.stream().map(java.util.jar.JarEntry::getName))
                    .as("the cell runtime alone, for the cells' compiler")
                    .contains("io/jfairing/runtime/display/Display.class")
                    .allMatch(name -> name.startsWith("io/jfairing/runtime/"));
        }
        assertThat(Path.of("/usr/local/share/jupyter/kernels/java/kernel.json")).doesNotExist();
    }

    @Test
    void aBadNameOrTimeoutIsRefusedWithAReason(@TempDir Path prefix) throws Exception {
        Outcome badName = run(List.of(), "install", "--prefix", prefix.toString(), "--name", "my kernel", "--no-cache");
        assertThat(badName.status()).isNotZero();
        assertThat(badName.output()).contains("kernel name 'my kernel' may only contain letters, digits");
        Outcome badTimeout =
                run(List.of(), "install", "--prefix", prefix.toString(), "--cell-timeout", "soon", "--no-cache");
        assertThat(badTimeout.status()).isNotZero();
        assertThat(badTimeout.output()).contains("'soon' is not a duration");
        assertThat(prefix.resolve("share/jupyter/kernels/java/kernel.json")).doesNotExist();
    }

    @Test
    void onARuntimeWithoutJShellItSaysAJdkIsNeeded() throws Exception {
        Outcome outcome = run(
                List.of("--limit-modules", "java.base,java.logging,java.management,java.desktop"), "install", "--user");
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.output()).contains("has no jdk.jshell module", "needs a full JDK 17 or newer");
    }
}
