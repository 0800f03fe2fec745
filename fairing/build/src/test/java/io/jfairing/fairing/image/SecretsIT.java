package io.jfairing.fairing.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.fairing.testing.Registry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds with registry credentials (explicit and in a Docker config) and a kubeconfig lying around, including in
 * the notebook's folder with an input glob of everything, then scans every layer (file names and contents) and
 * the image config for any of those secrets.
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class SecretsIT {
    private static final String KUBE_TOKEN = "kube-secret-token-4f9a1c2e7b";
    private static final String KUBE_KEY = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ-client-key";

    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    @Test
    void noSecretInAnyLayerOrInTheConfig() throws Exception {
        Registry auth = env.authRegistry();
        String basic = Base64.getEncoder()
                .encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
        String kubeconfig = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: " + KUBE_TOKEN
                + "\n    client-key-data: " + KUBE_KEY + "\n";
        String dockerConfig = "{\"auths\": {\"" + auth.host() + "\": {\"auth\": \"" + basic + "\"}}}";

        Path notebookDir = Files.createDirectories(dir.resolve("project"));
        Path notebook = Fixtures.trainNotebook(notebookDir, "epoch");
        // credentials where careless globbing would pick them up
        Files.createDirectories(notebookDir.resolve(".kube"));
        Files.writeString(notebookDir.resolve(".kube/config"), kubeconfig);
        Files.createDirectories(notebookDir.resolve(".docker"));
        Files.writeString(notebookDir.resolve(".docker/config.json"), dockerConfig);
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), dockerConfig);

        List<String> needles =
                List.of(auth.password(), basic, KUBE_TOKEN, KUBE_KEY, ".kube/config", ".docker/config.json");
        for (RegistryCredentials credentials : List.of(
                RegistryCredentials.of(auth.username(), auth.password()),
                RegistryCredentials.dockerConfig(home.resolve(".docker/config.json")))) {
            String reference = auth.host() + "/secrets/scan:"
                    + (credentials.toString().contains("Explicit") ? "explicit" : "config");
            BuiltImage image = Fairing.notebook(notebook)
                    .parameter("epochs", 3)
                    .parameter("name", "run1")
                    .inputs("**")
                    .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                    .insecureRegistries(true)
                    .cacheDirectory(env.cache())
                    .build(ImageTarget.registry(reference).withCredentials(credentials));

            Path copy = dir.resolve("copy-" + reference.substring(reference.lastIndexOf(':') + 1));
            Containers.Result copied = env.containers()
                    .exec(List.of(
                            "skopeo",
                            "copy",
                            "--src-tls-verify=false",
                            "--src-creds",
                            auth.username() + ":" + auth.password(),
                            "docker://" + reference,
                            "dir:" + copy));
            assertThat(copied.exitCode()).as(copied.stderr()).isZero();

            List<String> scanned = new ArrayList<>();
            StringBuilder everything = new StringBuilder();
            try (Stream<Path> files = Files.list(copy)) {
                for (Path blob : files.sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(blob);
                    String text = isGzip(bytes)
                            ? tarText(new GZIPInputStream(new ByteArrayInputStream(bytes)), scanned)
                            : new String(bytes, StandardCharsets.ISO_8859_1);
                    everything.append(text);
                    for (String needle : needles) {
                        assertThat(text)
                                .as("blob " + blob.getFileName() + " of " + reference)
                                .doesNotContain(needle);
                    }
                }
            }
            // the scan saw the image: the notebook's input file, its code and the config
            assertThat(scanned).contains("app/work/data/numbers.csv", "app/code/program.txt", "app/work/train.ipynb");
            assertThat(scanned).noneMatch(name -> name.contains(".kube") || name.contains(".docker"));
            assertThat(everything.toString()).contains(image.codeDigest()).contains("FAIRING_RUNTIME");
        }
    }

    @Test
    void credentialFilesAndLinksNeverReachALayerAndTheBuildSaysWhatItLeftOut(@TempDir Path outside) throws Exception {
        Path project = Files.createDirectories(dir.resolve("careless"));
        Path notebook = Fixtures.trainNotebook(project, "epoch");
        List<String> needles = new ArrayList<>(List.of(
                "AKIAIOSFODNN7EXAMPLE",
                "PRIVATE KEY",
                "hunter2",
                "_authToken",
                "refresh_token",
                "service_account",
                "not yours",
                "AWS_SECRET_ACCESS_KEY",
                "pypi-AgEI"));
        for (var file : Fixtures.CREDENTIAL_FILES.entrySet()) {
            Files.createDirectories(project.resolve(file.getKey()).getParent());
            Files.writeString(project.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(outside.resolve("secret.txt"), "not yours\n");
        Files.createSymbolicLink(project.resolve("data/aws.csv"), Path.of("../.aws/credentials"));
        Files.createSymbolicLink(project.resolve("data/outside.csv"), outside.resolve("secret.txt"));

        List<ImageBuildEvent.InputsLeftOut> reports = new ArrayList<>();
        String reference = env.registry().host() + "/secrets/careless:1";
        Fairing.notebook(notebook)
                .parameter("epochs", 3)
                .parameter("name", "run1")
                .inputs(".")
                .baseImage(env.baseImage())
                .insecureRegistries(true)
                .cacheDirectory(env.cache())
                .listener(event -> {
                    if (event instanceof ImageBuildEvent.InputsLeftOut left) {
                        reports.add(left);
                    }
                })
                .build(ImageTarget.registry(reference));

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).files())
                .extracting(io.jfairing.fairing.preprocess.LeftOutFile::path)
                .containsExactlyInAnyOrder(
                        ".env",
                        "id_rsa",
                        "server.pem",
                        "kubeconfig",
                        "credentials.json",
                        ".npmrc",
                        ".pypirc",
                        ".config/gcloud/application_default_credentials.json",
                        ".bash_history",
                        ".aws/credentials",
                        "data/aws.csv",
                        "data/outside.csv");

        Path copy = dir.resolve("copy-careless");
        Containers.Result copied = env.containers()
                .exec(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + reference, "dir:" + copy));
        assertThat(copied.exitCode()).as(copied.stderr()).isZero();
        List<String> names = new ArrayList<>();
        int layers = 0;
        try (Stream<Path> files = Files.list(copy)) {
            for (Path blob : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(blob);
                if (!isGzip(bytes)) {
                    continue;
                }
                layers++;
                String text = tarText(new GZIPInputStream(new ByteArrayInputStream(bytes)), names);
                for (String needle : needles) {
                    assertThat(text).as("layer " + blob.getFileName()).doesNotContain(needle);
                }
            }
        }
        assertThat(layers).as("layers read").isGreaterThanOrEqualTo(3);
        assertThat(names).contains("app/work/data/numbers.csv", "app/work/train.ipynb");
        for (String leftOut : List.of(
                ".env",
                "id_rsa",
                "server.pem",
                "kubeconfig",
                "credentials.json",
                ".npmrc",
                ".pypirc",
                "application_default_credentials.json",
                ".bash_history",
                "credentials",
                "aws.csv",
                "outside.csv")) {
            assertThat(names).as(leftOut).noneMatch(name -> name.endsWith("/" + leftOut));
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** Every entry's name and content, as text. */
    private static String tarText(InputStream gzip, List<String> names) throws IOException {
        StringBuilder text = new StringBuilder();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
                text.append(entry.getName()).append('\n');
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                tar.transferTo(content);
                text.append(content.toString(StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return text.toString();
    }
}
