package io.jfairing.fairing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageBuildException;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.fairing.testing.Registry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A registry with HTTPS (self-signed) and htpasswd: explicit credentials, a Docker config, and refusals. */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class AuthRegistryIT {
    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    private Fairing.Build build(Path notebook) {
        return Fairing.notebook(notebook)
                .parameter("epochs", 3)
                .parameter("name", "run1")
                .inputs("data/*.csv")
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache());
    }

    @Test
    void explicitCredentialsPushAndTheImageRuns() throws Exception {
        Registry auth = env.authRegistry();
        String reference = auth.host() + "/team/train:1";
        BuiltImage image = build(Fixtures.trainNotebook(dir, "epoch"))
                .build(ImageTarget.registry(reference)
                        .withCredentials(RegistryCredentials.of(auth.username(), auth.password())));
        String creds = auth.username() + ":" + auth.password();
        JsonNode config = env.containers().inspectConfig(reference, creds).get("config");
        assertThat(config.get("Labels").get("io.jfairing.code-digest").asText()).isEqualTo(image.codeDigest());
        env.containers().login(auth.host(), auth.username(), auth.password());
        Containers.Result run = env.containers().podmanRun(List.of(), reference);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(String.join("", Fixtures.TRAIN_OUTPUT));
    }

    @Test
    void dockerConfigAuthsAreUsed() throws Exception {
        Registry auth = env.authRegistry();
        Path config = dir.resolve("docker/config.json");
        Files.createDirectories(config.getParent());
        String encoded = Base64.getEncoder()
                .encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\": {\"" + auth.host() + "\": {\"auth\": \"" + encoded + "\"}}}");
        String reference = auth.host() + "/team/config-auth:1";
        BuiltImage image = build(Fixtures.trainNotebook(dir, "epoch"))
                .build(ImageTarget.registry(reference).withCredentials(RegistryCredentials.dockerConfig(config)));
        assertThat(image.bytesPushed()).isPositive();
        assertThat(auth.tags("team/config-auth")).containsExactly("1");
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedAndNothingIsPushed() throws Exception {
        Registry auth = env.authRegistry();
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        assertThatThrownBy(() -> build(notebook)
                        .build(ImageTarget.registry(auth.host() + "/team/denied:1")
                                .withCredentials(RegistryCredentials.of(auth.username(), "wrong"))))
                .isInstanceOf(ImageBuildException.class)
                .hasMessageContaining("refused access")
                .hasMessageContaining("401")
                .satisfies(e -> assertThat(((ImageBuildException) e).reason())
                        .isEqualTo(ImageBuildException.Reason.UNAUTHORIZED));
        assertThatThrownBy(() -> build(notebook)
                        .build(ImageTarget.registry(auth.host() + "/team/denied:1")
                                .withCredentials(RegistryCredentials.none())))
                .isInstanceOf(ImageBuildException.class)
                .satisfies(e -> assertThat(((ImageBuildException) e).reason())
                        .isEqualTo(ImageBuildException.Reason.UNAUTHORIZED));
        assertThat(auth.tags("team/denied")).isEmpty();
    }

    @Test
    void insecureRegistriesOnlyWhenAllowed() throws Exception {
        Registry auth = env.authRegistry();
        assertThatThrownBy(() -> build(Fixtures.trainNotebook(dir, "epoch"))
                        .insecureRegistries(false)
                        .baseImage(BaseImage.scratch())
                        .build(ImageTarget.registry(auth.host() + "/team/insecure:1")
                                .withCredentials(RegistryCredentials.of(auth.username(), auth.password()))))
                .isInstanceOf(ImageBuildException.class)
                .satisfies(e ->
                        assertThat(((ImageBuildException) e).reason()).isEqualTo(ImageBuildException.Reason.INSECURE))
                .hasMessageContaining("--insecure");
        assertThat(auth.tags("team/insecure")).isEmpty();
    }

    @Test
    void anUnreachableBaseImageRegistryIsNamedAsTheBaseImages() throws Exception {
        Registry auth = env.authRegistry();
        assertThatThrownBy(() -> build(Fixtures.trainNotebook(dir, "epoch"))
                        .baseImage(BaseImage.registry("127.0.0.1:1/no-base:17")
                                .withCredentials(RegistryCredentials.none()))
                        .build(ImageTarget.registry(auth.host() + "/team/no-base:1")
                                .withCredentials(RegistryCredentials.of(auth.username(), auth.password()))))
                .isInstanceOf(ImageBuildException.class)
                .satisfies(e -> assertThat(((ImageBuildException) e).reason())
                        .isEqualTo(ImageBuildException.Reason.UNREACHABLE))
                .hasMessageStartingWith("cannot reach the base image's registry 127.0.0.1:1")
                .hasMessageNotContaining(auth.host());
        assertThat(auth.tags("team/no-base")).isEmpty();
    }
}
