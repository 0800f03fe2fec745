package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.registry.LocalRegistry;
import io.jfairing.fairing.testing.Registry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local registry a kernel's {@code %fairing build} starts (when the project configures none) stops when the
 * kernel ends; a registry the kernel found running, or one the project configured, stays. Real docker-registry
 * processes, started the way the magics start them ({@link ImageSettings#resolve}), in this module's
 * {@code $JFAIRING_HOME}; {@link FairingExtension#stopRegistries()} is what the extension does as the kernel ends.
 */
class KernelRegistryTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path project;

    private final Path home = ImageSettings.home();

    @BeforeEach
    void noLocalRegistryRunning() throws IOException {
        stopRegistryLeftIn(home); // by an earlier run that was killed
    }

    /** Stops the local registry whose files are in {@code home}, if one runs. */
    static void stopRegistryLeftIn(Path home) throws IOException {
        Optional<LocalRegistry> left = LocalRegistry.find(home);
        if (left.isPresent()) {
            left.get().stop();
        }
    }

    /** The registry process {@code pid} has ended and nothing listens on its {@code port} any more. */
    static void assertRegistryGone(long pid, int port) {
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("the registry's process")
                .isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void theRegistryTheKernelStartedStopsWhenTheKernelEnds() throws Exception {
        ImageSettings settings = ImageSettings.resolve(config(), ImageBuildListener.NONE);
        long pid = Long.parseLong(Files.readString(home.resolve("registry/pid")).strip());
        assertThat(answers(settings.registry())).isTrue();

        FairingExtension.stopRegistries();

        assertRegistryGone(
                pid,
                Integer.parseInt(
                        settings.registry().substring(settings.registry().lastIndexOf(':') + 1)));
        assertThat(LocalRegistry.find(home)).isEmpty();

        ImageSettings again = ImageSettings.resolve(config(), ImageBuildListener.NONE);
        assertThat(again.registry())
                .as("a new start takes the port it had, so that references to its images still work")
                .isEqualTo(settings.registry());
        FairingExtension.stopRegistries();
        assertThat(answers(again.registry())).isFalse();
    }

    @Test
    void aRegistryTheKernelFoundRunningOrTheProjectConfiguredStays() throws Exception {
        Path address = home.resolve("registry/address");
        try (Registry other = Registry.plain()) {
            Files.createDirectories(address.getParent());
            Files.writeString(address, other.host()); // another kernel's, or the command line's

            ImageSettings found = ImageSettings.resolve(config(), ImageBuildListener.NONE);
            ImageSettings configured =
                    ImageSettings.resolve(config().with(ConfigKey.REGISTRY, other.host()), ImageBuildListener.NONE);
            FairingExtension.stopRegistries();

            assertThat(found.registry()).isEqualTo(other.host());
            assertThat(configured.registry()).isEqualTo(other.host());
            assertThat(answers(other.host()))
                    .as("the registry the kernel did not start")
                    .isTrue();
            assertThat(address).hasContent(other.host());
        } finally {
            Files.deleteIfExists(address);
        }
    }

    /** The project's settings, with a base image named so that resolving makes none (not what this test is about). */
    private ProjectConfig config() throws Exception {
        return ProjectConfig.load(project).with(ConfigKey.BASE_IMAGE, "127.0.0.1:1/no-base:1");
    }

    private static boolean answers(String host) throws InterruptedException {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
