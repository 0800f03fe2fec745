package io.jfairing.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sonatype.plexus.components.cipher.PlexusCipher;

/** settings.xml: mirrors, servers (plain and encrypted passwords), proxies, profiles, localRepository, offline. */
class MavenResolverSettingsTest {
    @TempDir
    Path tmp;

    FakeRepository remote;
    Path settingsFile;
    Path securityFile;

    @BeforeEach
    void setUp() throws IOException {
        remote = new FakeRepository(tmp.resolve("remote"));
        remote.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0");
        settingsFile = tmp.resolve("settings.xml");
        securityFile = tmp.resolve("settings-security.xml");
    }

    @AfterEach
    void tearDown() {
        remote.close();
    }

    MavenResolver resolver(String settingsBody, Consumer<MavenResolver.Builder> customizer) throws IOException {
        Files.writeString(settingsFile, "<settings>" + settingsBody + "</settings>");
        MavenResolver.Builder b = MavenResolver.builder()
                .localRepository(tmp.resolve("local"))
                .userSettings(settingsFile)
                .globalSettings(null)
                .settingsSecurity(securityFile);
        customizer.accept(b);
        return b.build();
    }

    static String mirror(String id, String mirrorOf, String url) {
        return "<mirrors><mirror><id>" + id + "</id><mirrorOf>" + mirrorOf + "</mirrorOf><url>" + url
                + "</url></mirror></mirrors>";
    }

    static String server(String id, String user, String password) {
        return "<servers><server><id>" + id + "</id><username>" + user + "</username><password>" + password
                + "</password></server></servers>";
    }

    static List<String> coordinates(Resolution r) {
        return r.artifacts().stream().map(ResolvedArtifact::coordinates).toList();
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    // ---- mirrors ----------------------------------------------------------------------------------------------

    @Test
    void mirrorOfEverythingTakesAllRequests() throws Exception {
        try (FakeRepository declared = new FakeRepository(tmp.resolve("declared"));
                MavenResolver resolver =
                        resolver(mirror("corp", "*", remote.url()), b -> b.addRepository("declared", declared.url()))) {
            declared.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0");

            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");

            assertThat(remote.requests()).isNotEmpty();
            assertThat(declared.requests())
                    .isEmpty(); // and Maven Central was not asked either: it has no com.example:a
            assertThat(resolver.repositories()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.mirrorId()).isEqualTo("corp");
                assertThat(r.mirrorUrl()).isEqualTo(remote.url());
            });
        }
    }

    @Test
    void externalMirrorTakesCentralButNotLocalhostRepositories() throws Exception {
        try (FakeRepository local = new FakeRepository(tmp.resolve("localhost-repo"));
                MavenResolver resolver = resolver(
                        mirror("corp", "external:*", remote.url()),
                        b -> b.addRepository("on-localhost", local.url()))) {
            local.publish("com.example:only-local:1.0");

            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0", "com.example:only-local:1.0"), false)))
                    .containsExactlyInAnyOrder(
                            "com.example:a:jar:1.0", "com.example:only-local:jar:1.0", "com.example:b:jar:1.0");
            assertThat(remote.requests()).anyMatch(q -> q.uri().endsWith("a-1.0.jar"));
            assertThat(local.requests()).anyMatch(q -> q.uri().endsWith("only-local-1.0.jar"));
            assertThat(resolver.repositories())
                    .extracting(RemoteRepositorySummary::id, RemoteRepositorySummary::mirrorId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("central", "corp"),
                            org.assertj.core.groups.Tuple.tuple("on-localhost", null));
        }
    }

    @Test
    void mirrorOfAllButOneLeavesTheExcludedRepositoryAlone() throws Exception {
        try (FakeRepository other = new FakeRepository(tmp.resolve("other"));
                MavenResolver resolver = resolver(
                        mirror("corp", "*,!other", remote.url()),
                        b -> b.addRepository("other", "http://repo.invalid/").addRepository("kept", other.url()))) {
            assertThat(resolver.repositories())
                    .extracting(RemoteRepositorySummary::id, RemoteRepositorySummary::mirrorId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("central", "corp"),
                            org.assertj.core.groups.Tuple.tuple("other", null),
                            org.assertj.core.groups.Tuple.tuple("kept", "corp"));

            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
            assertThat(other.requests()).isEmpty();
        }
    }

    // ---- servers ----------------------------------------------------------------------------------------------

    @Test
    void serverCredentialsAreSentToTheMatchingRepository() throws Exception {
        remote.requireCredentials("alice", "s3cret");
        try (MavenResolver resolver = resolver(
                server("secure", "alice", "s3cret"),
                b -> b.addRepository("central", "http://repo.invalid/").addRepository("secure", remote.url()))) {
            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
        }
        assertThat(remote.requests()).anyMatch(q -> q.authorization() != null);
    }

    @Test
    void serverCredentialsApplyToAMirrorById() throws Exception {
        remote.requireCredentials("alice", "s3cret");
        try (MavenResolver resolver =
                resolver(mirror("corp", "*", remote.url()) + server("corp", "alice", "s3cret"), b -> {})) {
            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
            assertThat(resolver.repositories())
                    .singleElement()
                    .satisfies(r -> assertThat(r.authenticated()).isTrue());
        }
    }

    @Test
    void encryptedPasswordsAreDecryptedWithTheMasterPassword() throws Exception {
        PlexusCipher cipher = MavenSettings.cipher();
        String master = "master-password";
        Files.writeString(
                securityFile,
                "<settingsSecurity><master>" + cipher.encryptAndDecorate(master, "settings.security")
                        + "</master></settingsSecurity>");
        String encrypted = cipher.encryptAndDecorate("s3cret", master);
        assertThat(encrypted).startsWith("{").doesNotContain("s3cret");
        remote.requireCredentials("alice", "s3cret");

        try (MavenResolver resolver = resolver(
                server("secure", "alice", encrypted),
                b -> b.addRepository("central", "http://repo.invalid/").addRepository("secure", remote.url()))) {
            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
        }
    }

    @Test
    void wrongPasswordGivesAnAuthenticationErrorNamingTheServer() throws Exception {
        remote.requireCredentials("alice", "s3cret");
        try (MavenResolver resolver = resolver(
                server("secure", "alice", "wrong-pa55word"),
                b -> b.addRepository("central", "http://repo.invalid/").addRepository("secure", remote.url()))) {
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageStartingWith("Could not resolve com.example:a:1.0")
                    .hasMessageContaining("authentication failed (HTTP 401)")
                    .hasMessageContaining("'secure'")
                    .hasMessageContaining("<server> 'secure'")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("wrong-pa55word"));
        }
    }

    @Test
    void editedSettingsApplyToTheNextCall() throws Exception {
        remote.requireCredentials("alice", "s3cret");
        try (MavenResolver resolver = resolver(
                server("secure", "alice", "typo"),
                b -> b.addRepository("central", "http://repo.invalid/").addRepository("secure", remote.url()))) {
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                    .hasMessageContaining("HTTP 401");

            Files.writeString(settingsFile, "<settings>" + server("secure", "alice", "s3cret") + "</settings>");
            Files.setLastModifiedTime(
                    settingsFile,
                    java.nio.file.attribute.FileTime.fromMillis(
                            Files.getLastModifiedTime(settingsFile).toMillis() + 2000));

            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
        }
    }

    @Test
    void missingCredentialsSayWhatToAdd() throws Exception {
        remote.requireCredentials("alice", "s3cret");
        try (MavenResolver resolver = resolver(
                "", b -> b.addRepository("central", "http://repo.invalid/").addRepository("secure", remote.url()))) {
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("add a <server> with <id>secure</id>");
        }
    }

    @Test
    void undecryptablePasswordIsReportedWhenTheServerRefuses() throws Exception {
        remote.requireCredentials("alice", "s3cret");
        // encrypted, but there is no settings-security.xml with the master password
        String encrypted = MavenSettings.cipher().encryptAndDecorate("s3cret", "some-master");
        try (MavenResolver resolver = resolver(
                server("secure", "alice", encrypted),
                b -> b.addRepository("central", "http://repo.invalid/").addRepository("secure", remote.url()))) {
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("could not be decrypted");
        }
    }

    // ---- proxies ----------------------------------------------------------------------------------------------

    @Test
    void activeProxyIsSetOnTheRepositories() throws Exception {
        String proxies = """
                <proxies>
                  <proxy><id>off</id><active>false</active><protocol>http</protocol><host>inactive.example</host><port>1</port></proxy>
                  <proxy><id>corp</id><active>true</active><protocol>http</protocol><host>proxy.example</host><port>3128</port>
                    <username>p</username><password>q</password><nonProxyHosts>*.internal|localhost</nonProxyHosts></proxy>
                </proxies>
                """;
        try (MavenResolver resolver = resolver(
                proxies,
                b -> b.addRepository("intra", "http://nexus.internal/repo/")
                        .addRepository("public", "http://repo.example.org/maven/"))) {
            assertThat(resolver.repositories())
                    .extracting(RemoteRepositorySummary::id, RemoteRepositorySummary::proxy)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "central", "proxy.example:3128"), // https via http proxy
                            org.assertj.core.groups.Tuple.tuple("intra", null),
                            org.assertj.core.groups.Tuple.tuple("public", "proxy.example:3128"));
        }
    }

    @Test
    void requestsGoThroughTheActiveProxy() throws Exception {
        String proxy = "<proxies><proxy><id>p</id><active>true</active><protocol>http</protocol>"
                + "<host>127.0.0.1</host><port>" + remote.port() + "</port></proxy></proxies>";
        try (MavenResolver resolver = resolver(proxy, b -> b.addRepository("central", "http://repo.invalid/"))) {
            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
        }
        assertThat(remote.requests())
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.uri()).startsWith("http://repo.invalid/com/example/"));
    }

    // ---- other settings ---------------------------------------------------------------------------------------

    @Test
    void profileRepositoriesAreUsed() throws Exception {
        String profile = """
                <profiles><profile><id>corp</id><repositories>
                  <repository><id>corp-repo</id><url>%s</url></repository>
                </repositories></profile></profiles>
                <activeProfiles><activeProfile>corp</activeProfile></activeProfiles>
                """.formatted(remote.url());
        try (MavenResolver resolver = resolver(profile, b -> b.addRepository("central", "http://repo.invalid/"))) {
            assertThat(resolver.repositories())
                    .extracting(RemoteRepositorySummary::id)
                    .containsExactly("central", "corp-repo");
            assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                    .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
        }
    }

    @Test
    void localRepositoryAndOfflineComeFromSettings() throws Exception {
        // -Dmaven.repo.local (given to the build) would win over settings.xml: take it away for this test
        String repoLocal = System.clearProperty("maven.repo.local");
        try {
            localRepositoryAndOfflineComeFromSettingsWithoutRepoLocalProperty();
        } finally {
            if (repoLocal != null) {
                System.setProperty("maven.repo.local", repoLocal);
            }
        }
    }

    private void localRepositoryAndOfflineComeFromSettingsWithoutRepoLocalProperty() throws Exception {
        Path custom = tmp.resolve("custom-local");
        try (MavenResolver resolver = resolver(
                "<localRepository>" + custom + "</localRepository>",
                b -> b.localRepository(null).addRepository("central", remote.url()))) {
            assertThat(resolver.localRepository()).isEqualTo(custom);
            assertThat(resolver.resolve(List.of("com.example:a:1.0"), false).jars())
                    .isNotEmpty()
                    .allSatisfy(jar -> assertThat(jar).startsWith(custom));
        }
        remote.resetRequests();
        try (MavenResolver resolver =
                resolver("<offline>true</offline>", b -> b.addRepository("central", remote.url()))) {
            assertThat(resolver.offline()).isTrue();
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                    .hasMessageContaining("offline and not in the local repository");
        }
        assertThat(remote.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<mirrors><mirror>", "<servers><server><id>x</id></server>"})
    void malformedSettingsAreReported(String body) throws Exception {
        try (MavenResolver resolver = resolver(body, b -> {})) {
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageStartingWith("Cannot read Maven settings: ")
                    .hasMessageContaining(settingsFile.toString());
        }
    }
}
