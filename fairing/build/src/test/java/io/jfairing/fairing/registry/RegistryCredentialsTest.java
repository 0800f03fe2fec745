package io.jfairing.fairing.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Credential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void explicitCredentialsComeFirst() throws Exception {
        RegistryCredentials credentials = RegistryCredentials.of("bob", "pw")
                .or(RegistryCredentials.dockerConfig(
                        config("{\"auths\": {\"r.example\": {\"auth\": \"" + basic("x", "y") + "\"}}}")));
        assertThat(credentials.lookup("r.example/team/img:1")).contains(Credential.from("bob", "pw"));
        assertThat(credentials.toString()).doesNotContain("pw");
    }

    @Test
    void dockerConfigAuthsMatchTheRegistry() throws Exception {
        RegistryCredentials credentials = RegistryCredentials.dockerConfig(config("{\"auths\": {"
                + "\"127.0.0.1:5000\": {\"auth\": \"" + basic("alice", "secret") + "\"},"
                + "\"https://index.docker.io/v1/\": {\"auth\": \"" + basic("hub", "hubpw") + "\"}}}"));
        assertThat(credentials.lookup("127.0.0.1:5000/a/b:1")).contains(Credential.from("alice", "secret"));
        assertThat(credentials.lookup("library/ubuntu")).contains(Credential.from("hub", "hubpw"));
        assertThat(credentials.lookup("other.example/a")).isEmpty();
        assertThat(RegistryCredentials.none().lookup("127.0.0.1:5000/a")).isEmpty();
    }

    @Test
    void credentialHelpersAreRun() throws Exception {
        Path helper = dir.resolve("docker-credential-fake");
        Files.writeString(
                helper,
                "#!/bin/sh\nread server\necho \"{\\\"ServerURL\\\": \\\"$server\\\", \\\"Username\\\": \\\"helped\\\", \\\"Secret\\\": \\\"from-helper\\\"}\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(RegistryCredentials.helper(helper.toString()).lookup("r.example/a:1"))
                .contains(Credential.from("helped", "from-helper"));
    }

    @Test
    void environmentFindsDockerAndPodmanConfigs() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(
                home.resolve(".docker/config.json"),
                "{\"auths\": {\"a.example\": {\"auth\": \"" + basic("d", "1") + "\"}}}");
        Path podman = dir.resolve("auth.json");
        Files.writeString(podman, "{\"auths\": {\"b.example\": {\"auth\": \"" + basic("p", "2") + "\"}}}");
        RegistryCredentials credentials =
                RegistryCredentials.fromEnvironment(Map.of("REGISTRY_AUTH_FILE", podman.toString()), home);
        assertThat(credentials.lookup("a.example/x")).contains(Credential.from("d", "1"));
        assertThat(credentials.lookup("b.example/x")).contains(Credential.from("p", "2"));
        assertThat(RegistryCredentials.fromEnvironment(Map.of(), dir.resolve("nohome"))
                        .isEmpty())
                .isTrue();
    }
}
