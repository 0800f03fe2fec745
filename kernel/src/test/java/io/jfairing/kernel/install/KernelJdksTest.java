package io.jfairing.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelJdksTest {
    @TempDir
    Path jvm;

    /** A folder laid out as a JDK is: {@code bin/java} and a {@code release} file as the JDK build writes it. */
    private Path installation(String folder, String version, String modules) throws IOException {
        Path home = Files.createDirectories(jvm.resolve(folder));
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                home.resolve("release"),
                "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + version + "\"\nMODULES=\"" + modules
                        + "\"\nIMAGE_TYPE=\"JDK\"\n");
        return home;
    }

    @Test
    void theNewestInstallationWithJShellIsChosenAndAJreIsNot() throws IOException {
        installation("java-17-openjdk-amd64", "17.0.15", "java.base java.compiler jdk.compiler jdk.jshell");
        Path jdk21 = installation("temurin-21-jdk-amd64", "21.0.7", "java.base jdk.compiler jdk.jshell jdk.jlink");
        installation("temurin-25-jre-amd64", "25.0.3", "java.base java.logging");
        installation("java-11-openjdk-amd64", "11.0.2", "java.base jdk.jshell");
        Files.createDirectories(jvm.resolve("openjdk-17")); // Debian's folder of configuration only
        Files.createSymbolicLink(jvm.resolve("java-1.21.0-temurin"), jdk21); // the same JDK under a second name

        KernelJdks runtimes = KernelJdks.find(null, jvm);

        assertThat(runtimes.all())
                .extracting(KernelJdk::feature)
                .contains(11, 17, 21, 25)
                .containsOnlyOnce(21);
        assertThat(runtimes.newestForKernel()).get().extracting(KernelJdk::home).isEqualTo(jdk21);
        assertThat(runtimes.forKernel(17)).get().extracting(KernelJdk::feature).isEqualTo(17);
        assertThat(runtimes.forKernel(25)).as("a JRE has no JShell").isEmpty();
        assertThat(runtimes.forKernel(11)).as("older than 17").isEmpty();
    }

    @Test
    void javaHomeWinsAmongInstallationsOfTheSameFeatureVersion() throws IOException {
        installation("a-temurin-25", "25.0.1", "java.base jdk.jshell");
        Path preferred = installation("z-zulu-25", "25.0.3", "java.base jdk.jshell");

        KernelJdks runtimes = KernelJdks.find(preferred.toString(), jvm);

        assertThat(runtimes.newestForKernel()).get().extracting(KernelJdk::home).isEqualTo(preferred);
    }

    @Test
    void anExecutableIsTracedToItsInstallationThroughLinks() throws IOException {
        Path home = installation("temurin-25-jdk-amd64", "25.0.3", "java.base jdk.jshell");
        Path link = Files.createSymbolicLink(jvm.resolve("java"), home.resolve("bin/java"));

        KernelJdk runtime = KernelJdk.ofExecutable(link);

        assertThat(runtime.feature()).isEqualTo(25);
        assertThat(runtime.hasAotCache()).isTrue();
        assertThat(KernelJdk.ofExecutable(home))
                .as("a JDK folder names its bin/java")
                .isEqualTo(runtime);
    }

    @Test
    void oldVersionNamesAndAnExecutableOutsideAJdkAreUnderstood() throws IOException {
        Path old = installation("java-8", "1.8.0_412", "java.base");
        assertThat(KernelJdk.at(old)).get().extracting(KernelJdk::feature).isEqualTo(8);
        assertThat(KernelJdk.at(old).orElseThrow().canRunKernel()).isFalse();

        Path loose = Files.createDirectories(jvm.resolve("tools/bin")).resolve("java");
        Files.writeString(loose, "#!/bin/sh\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> KernelJdk.ofExecutable(loose))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the bin/java of a JDK");
        assertThatThrownBy(() -> KernelJdk.ofExecutable(jvm.resolve("missing/bin/java")))
                .hasMessageContaining("no java executable there");
    }
}
