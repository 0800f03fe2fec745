package io.jfairing.fairing.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `--input .` takes from a folder that holds credentials and links, as an attacker's or a careless folder. */
class InputSecretsTest {
    @TempDir
    Path dir;

    private void write(String path, String content) throws IOException {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), content);
    }

    @Test
    void credentialFilesAndLinksOutOrIntoExcludedPathsAreLeftOutAndReported(@TempDir Path outside) throws Exception {
        for (Map.Entry<String, String> file : Fixtures.CREDENTIAL_FILES.entrySet()) {
            write(file.getKey(), file.getValue());
        }
        write("data/wine.csv", "1,2,3\n");
        write("real/ok.csv", "4,5,6\n");
        Files.writeString(outside.resolve("secret.txt"), "not yours\n");
        Files.createSymbolicLink(dir.resolve("data/aws.csv"), Path.of("../.aws/credentials"));
        Files.createSymbolicLink(dir.resolve("data/outside.csv"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("data/ok.csv"), Path.of("../real/ok.csv"));
        Files.createSymbolicLink(dir.resolve("linked"), outside); // a folder link is not followed
        Files.createSymbolicLink(dir.resolve("data/key.csv"), Path.of("../id_rsa"));

        InputFiles.Selection selection = InputFiles.select(dir, List.of("."), FairingIgnore.load(dir));

        assertThat(selection.files())
                .extracting(InputFile::target)
                .containsExactly("data/ok.csv", "data/wine.csv", "real/ok.csv");
        assertThat(selection.leftOut())
                .extracting(LeftOutFile::path)
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
                        "data/outside.csv",
                        "data/key.csv");
        Map<String, String> reasons = selection.leftOut().stream()
                .collect(java.util.stream.Collectors.toMap(LeftOutFile::path, LeftOutFile::reason));
        assertThat(reasons.get("server.pem"))
                .isEqualTo(
                        "a file that usually holds a secret (*.pem); to ship it, add the line !server.pem to .fairingignore");
        assertThat(reasons.get(".aws/credentials"))
                .startsWith("a credential store or tool folder that never goes into an image (.aws/)");
        assertThat(reasons.get("data/aws.csv"))
                .startsWith("a link to .aws/credentials, which is left out: a credential store");
        assertThat(reasons.get("data/outside.csv"))
                .isEqualTo("a link that leads out of the notebook's folder (to "
                        + outside.resolve("secret.txt").toRealPath() + ")");
        assertThat(reasons.get("data/key.csv"))
                .startsWith("a link to id_rsa, which is left out: a file that usually holds a secret (id_rsa)");
    }

    @Test
    void aSecretInAnOrdinaryFileRefusesTheBuildAndNamesTheFileAndLineButNotTheSecret() throws Exception {
        write("data/wine.csv", "1,2,3\n");
        write("notes/setup.txt", "first line\nexport GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB\n");
        write("conf/app.json", "{\"key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\"}");

        assertThatThrownBy(() -> InputFiles.select(dir, List.of("."), FairingIgnore.load(dir)))
                .isInstanceOf(SecretFilesException.class)
                .hasMessage(
                        "refusing to build: 2 input files hold what looks like a secret, which must not be pushed in an image:\n"
                                + "  conf/app.json: a private key (line 1)\n"
                                + "  notes/setup.txt: a GitHub token (line 2)\n"
                                + "Leave them out (move them elsewhere, narrow the input globs, or add a line to .fairingignore), or, if a"
                                + " file is meant to be in the image, let it in with a line naming it exactly in .fairingignore: !conf/app.json")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ghp_abc"));
        // narrowing the globs leaves them out
        assertThat(InputFiles.collect(dir, List.of("data"), FairingIgnore.load(dir)))
                .extracting(InputFile::target)
                .containsExactly("data/wine.csv");
    }

    @Test
    void aLineNamingAFileExactlyLetsItInButAWildcardDoesNot() throws Exception {
        write("certs/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        write("certs/test-key.pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        write("certs/other.pem", "x");
        write(".fairingignore", "!certs/ca.pem\n!/certs/test-key.pem\n!*.pem\n!.ssh/\n");
        write(".ssh/id_ed25519", "key");

        InputFiles.Selection selection = InputFiles.select(dir, List.of("."), FairingIgnore.load(dir));
        assertThat(selection.files())
                .extracting(InputFile::target)
                .containsExactly("certs/ca.pem", "certs/test-key.pem");
        assertThat(selection.leftOut())
                .extracting(LeftOutFile::path)
                .containsExactly(".ssh/id_ed25519", "certs/other.pem");
    }

    @Test
    void theScannerFindsEachKindAndPassesOrdinaryData() {
        Map<String, String> samples = Map.ofEntries(
                Map.entry("a private key", "-----BEGIN EC PRIVATE KEY-----"),
                Map.entry("an AWS access key", "key=AKIAIOSFODNN7EXAMPLE"),
                Map.entry("an AWS secret key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG"),
                Map.entry("a Google Cloud service account key", "{\"type\": \"service_account\"}"),
                Map.entry(
                        "an OAuth refresh token (gcloud application default credentials)",
                        "\"refresh_token\": \"1//0abcdefghij\""),
                Map.entry("a Google API key", "AIzaSyA1234567890abcdefghijklmnopqrstuv"),
                Map.entry("a GitHub token", "github_pat_11ABCDEFG0123456789abcdef"),
                Map.entry("a GitLab token", "glpat-abcdefghij0123456789"),
                Map.entry("a Slack token", "xoxb-1234567890-abcdef"),
                Map.entry("an npm token", "//registry.npmjs.org/:_authToken=abc"),
                Map.entry("a PyPI token", "pypi-" + "a".repeat(60)),
                Map.entry("a Stripe live key", "sk_live_abcdefghijklmnopqrstuvwx"),
                Map.entry("a Kubernetes client key", "    client-key-data: LS0tLS1CRUdJTg=="),
                Map.entry(
                        "a registry login (Docker config auths)",
                        "{\"auths\": {\"r.io\": {\"auth\": \"dXNlcjpwYXNz\"}}}"),
                Map.entry(
                        "a Kubernetes token (kubeconfig)",
                        "apiVersion: v1\nkind: Config\nusers:\n  - user:\n      token: abcdefghijklmnopqrstuvwxyz"));
        samples.forEach((kind, text) -> assertThat(SecretScanner.scan("line one\n" + text + "\n"))
                .as(kind)
                .hasValueSatisfying(f -> {
                    assertThat(f.kind()).isEqualTo(kind);
                    assertThat(f.line()).isEqualTo(kind.startsWith("a Kubernetes token") ? 6 : 2);
                }));
        assertThat(SecretScanner.scan("sepal_length,sepal_width,species\n5.1,3.5,setosa\nAKIA,short\ntoken: abc\n"))
                .isEmpty();
    }
}
