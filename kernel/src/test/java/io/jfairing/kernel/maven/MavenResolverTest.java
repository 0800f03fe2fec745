package io.jfairing.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.kernel.maven.FakeRepository.Dep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MavenResolverTest {
    @TempDir
    Path tmp;

    FakeRepository remote;
    MavenResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        remote = new FakeRepository(tmp.resolve("remote"));
        resolver = resolver(b -> {});
    }

    @AfterEach
    void tearDown() {
        resolver.close();
        remote.close();
    }

    /** A resolver isolated from this machine: temp local repository, no settings, the fake server as central. */
    MavenResolver resolver(Consumer<MavenResolver.Builder> customizer) {
        MavenResolver.Builder b = MavenResolver.builder()
                .localRepository(tmp.resolve("local"))
                .userSettings(tmp.resolve("absent-settings.xml"))
                .globalSettings(null)
                .settingsSecurity(tmp.resolve("absent-settings-security.xml"))
                .addRepository("central", remote.url());
        customizer.accept(b);
        return b.build();
    }

    static List<String> coordinates(Resolution r) {
        return r.artifacts().stream().map(ResolvedArtifact::coordinates).toList();
    }

    @Test
    void resolvesTransitiveDependenciesInClasspathOrder() throws Exception {
        remote.publish("com.example:a:1.0", "com.example:b:1.0")
                .publish("com.example:b:1.0", "com.example:c:1.0")
                .publish("com.example:c:1.0");

        Resolution r = resolver.resolve(List.of("com.example:a:1.0"), false);

        assertThat(coordinates(r))
                .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0", "com.example:c:jar:1.0");
        assertThat(r.jars()).hasSize(3).allSatisfy(jar -> {
            assertThat(jar).isRegularFile().startsWith(tmp.resolve("local"));
        });
        assertThat(FakeRepository.coordinatesIn(r.jars().get(2))).isEqualTo("com.example:c:1.0");
    }

    @Test
    void nearestVersionWinsAConflict() throws Exception {
        // x -> lib:1.0 (depth 2); y -> z -> lib:2.0 (depth 3)
        remote.publish("com.example:x:1.0", "com.example:lib:1.0")
                .publish("com.example:y:1.0", "com.example:z:1.0")
                .publish("com.example:z:1.0", "com.example:lib:2.0")
                .publish("com.example:lib:1.0")
                .publish("com.example:lib:2.0");

        Resolution r = resolver.resolve(List.of("com.example:y:1.0", "com.example:x:1.0"), false);

        assertThat(coordinates(r)).contains("com.example:lib:jar:1.0").doesNotContain("com.example:lib:jar:2.0");
        assertThat(r.jars()).hasSize(4);
        assertThat(remote.requests()).noneMatch(q -> q.uri().endsWith("lib-2.0.jar"));
    }

    @Test
    void coordinatesAreResolvedTogetherNotOneByOne() throws Exception {
        // same depth: the first declaration wins, and only one version lands on the classpath
        remote.publish("com.example:p:1.0", "com.example:lib:1.0")
                .publish("com.example:q:1.0", "com.example:lib:2.0")
                .publish("com.example:lib:1.0")
                .publish("com.example:lib:2.0");

        assertThat(coordinates(resolver.resolve(List.of("com.example:q:1.0", "com.example:p:1.0"), false)))
                .containsExactly("com.example:q:jar:1.0", "com.example:p:jar:1.0", "com.example:lib:jar:2.0");
        // a version asked for directly is nearest of all
        assertThat(coordinates(resolver.resolve(List.of("com.example:p:1.0", "com.example:lib:2.0"), false)))
                .contains("com.example:lib:jar:2.0")
                .doesNotContain("com.example:lib:jar:1.0");
    }

    @Test
    void skipsOptionalTestAndProvidedDependenciesOfDependencies() throws Exception {
        remote.publishWith(
                        "com.example:a:1.0",
                        Dep.of("com.example:runtime-dep:1.0"),
                        new Dep("com.example:opt:1.0", null, true),
                        new Dep("com.example:testing:1.0", "test", false),
                        new Dep("com.example:container:1.0", "provided", false),
                        new Dep("com.example:rt:1.0", "runtime", false))
                .publish("com.example:runtime-dep:1.0")
                .publish("com.example:rt:1.0");

        assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                .containsExactly("com.example:a:jar:1.0", "com.example:runtime-dep:jar:1.0", "com.example:rt:jar:1.0");
    }

    @Test
    void aCacheHitMakesNoRequest() throws Exception {
        remote.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0");
        Resolution first = resolver.resolve(List.of("com.example:a:1.0"), false);
        assertThat(remote.requestCount()).isPositive();

        remote.resetRequests();
        Resolution second = resolver.resolve(List.of("com.example:a:1.0"), false);
        assertThat(second).isEqualTo(first);
        assertThat(remote.requests()).isEmpty();

        // nor after a kernel restart (a new resolver over the same local repository)
        try (MavenResolver restarted = resolver(b -> {})) {
            assertThat(restarted.resolve(List.of("com.example:a:1.0"), false)).isEqualTo(first);
        }
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void offlineResolvesFromTheLocalRepositoryWithoutRequests() throws Exception {
        remote.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0");
        Resolution online = resolver.resolve(List.of("com.example:a:1.0"), false);
        remote.resetRequests();

        try (MavenResolver offline = resolver(b -> b.offline(true))) {
            assertThat(offline.resolve(List.of("com.example:a:1.0"), false)).isEqualTo(online);
        }
        assertThat(resolver.resolve(List.of("com.example:a:1.0"), true)).isEqualTo(online);
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void offlineMissingArtifactGivesAClearError() {
        remote.publish("com.example:a:1.0");

        assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), true))
                .isInstanceOf(ResolutionException.class)
                .hasMessageStartingWith("Could not resolve com.example:a:1.0")
                .hasMessageContaining("offline and not in the local repository")
                .hasMessageContaining(tmp.resolve("local").toString());
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void unresolvableArtifactNamesTheRepositoriesTried() throws Exception {
        try (FakeRepository other = new FakeRepository(tmp.resolve("other"))) {
            resolver.addRepository("other", other.url());

            assertThatThrownBy(() -> resolver.resolve(List.of("org.foo:bar:1.0"), false))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessage("Could not resolve org.foo:bar:1.0: not found in central (" + remote.url()
                            + "), other (" + other.url() + ")");
            assertThat(other.requests()).isNotEmpty();
        }
    }

    @Test
    void missingTransitiveDependencyNamesThePathToIt() {
        remote.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0", "com.example:gone:1.0");

        assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0"), false))
                .isInstanceOf(ResolutionException.class)
                .hasMessage("Could not resolve com.example:gone:1.0 (required by com.example:a:1.0 -> "
                        + "com.example:b:1.0): not found in central (" + remote.url() + ")");
    }

    @Test
    void malformedCoordinatesAreRejectedWithTheExpectedForm() {
        for (String bad : List.of("junit", "org.foo:bar", "a:b:c:d:e:f", "a::1.0", "a:b:1.0@", "a b:c:1")) {
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:a:1.0", bad), false))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("groupId:artifactId:version");
        }
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void resolvesExtensionAndClassifier() throws Exception {
        remote.publish("com.example:a:1.0");
        Path classified = remote.root().resolve("com/example/a/1.0/a-1.0-tests.jar");
        Files.write(classified, FakeRepository.jar("com.example:a:jar:tests:1.0"));

        Resolution r = resolver.resolve(List.of("com.example:a:jar:tests:1.0"), false);

        assertThat(coordinates(r)).containsExactly("com.example:a:jar:tests:1.0");
        assertThat(FakeRepository.coordinatesIn(r.jars().get(0))).isEqualTo("com.example:a:jar:tests:1.0");
    }

    @Test
    void addedRepositoriesAreUsedByLaterResolutions() throws Exception {
        try (FakeRepository other = new FakeRepository(tmp.resolve("other"))) {
            other.publish("com.example:elsewhere:1.0");
            assertThatThrownBy(() -> resolver.resolve(List.of("com.example:elsewhere:1.0"), false))
                    .isInstanceOf(ResolutionException.class);

            resolver.addRepository("other", other.url());

            assertThat(coordinates(resolver.resolve(List.of("com.example:elsewhere:1.0"), false)))
                    .containsExactly("com.example:elsewhere:jar:1.0");
            assertThat(resolver.repositories())
                    .extracting(RemoteRepositorySummary::id, RemoteRepositorySummary::url)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("central", remote.url()),
                            org.assertj.core.groups.Tuple.tuple("other", other.url()));
        }
        assertThatThrownBy(() -> resolver.addRepository("bad id", "http://x/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolver.addRepository("x", "not a url"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http, https or file URL");
    }

    @Test
    void mavenCentralIsTheDefaultRepository() throws Exception {
        try (MavenResolver plain = MavenResolver.builder()
                .localRepository(tmp.resolve("local"))
                .userSettings(null)
                .globalSettings(null)
                .build()) {
            assertThat(plain.repositories()).singleElement().satisfies(r -> {
                assertThat(r.id()).isEqualTo("central");
                assertThat(r.url()).isEqualTo("https://repo.maven.apache.org/maven2/");
                assertThat(r.mirrorId()).isNull();
            });
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void interruptingTheCallerStopsTheResolutionBeforeTheDownloadEnds() throws Exception {
        remote.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0");
        remote.slow("a-1.0.jar", 1000); // a few hundred bytes: several minutes, far longer than this test may run

        AtomicBoolean interruptedFlag = new AtomicBoolean();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                resolver.resolve(List.of("com.example:a:1.0"), false);
                outcome.complete(null);
            } catch (Throwable t) {
                interruptedFlag.set(Thread.currentThread().isInterrupted());
                outcome.complete(t);
            }
        });
        caller.start();
        assertThat(remote.slowTransferStarted.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        Throwable t;
        try {
            t = outcome.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "the resolution went on after its caller was interrupted (the download it was in takes minutes)",
                    e);
        }

        assertThat(t).isInstanceOf(ResolutionException.class).hasMessageContaining("interrupted");
        assertThat(interruptedFlag).isTrue();
        // the download itself stops too (the server sees the connection go away), rather than going on unseen
        assertThat(remote.slowTransferAborted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tmp.resolve("local/com/example/a/1.0/a-1.0.jar")).doesNotExist();

        // and the resolver still works afterwards
        remote.slowPathsClear();
        assertThat(coordinates(resolver.resolve(List.of("com.example:a:1.0"), false)))
                .containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
    }

    @Test
    void resolvePomAppliesPropertiesBomImportsAndPomRepositories() throws Exception {
        try (FakeRepository boms = new FakeRepository(tmp.resolve("boms"))) {
            boms.publishPom("com.example:bom:1.0", FakeRepository.pom("com.example", "bom", "1.0", "pom", """
                    <dependencyManagement><dependencies>
                      <dependency><groupId>com.example</groupId><artifactId>lib-a</artifactId><version>2.0</version></dependency>
                      <dependency><groupId>com.example</groupId><artifactId>lib-c</artifactId><version>1.1</version></dependency>
                    </dependencies></dependencyManagement>
                    """));
            remote.publish("com.example:lib-a:1.0")
                    .publish("com.example:lib-a:2.0")
                    .publish("com.example:lib-b:1.5", "com.example:lib-c:1.0")
                    .publish("com.example:lib-c:1.0")
                    .publish("com.example:lib-c:1.1")
                    .publish("com.example:testonly:1.0")
                    .publish("com.example:container:1.0");
            String pom = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>my</groupId><artifactId>notebook</artifactId><version>1</version>
                      <properties><lib.b.version>1.5</lib.b.version></properties>
                      <repositories>
                        <repository><id>boms</id><url>%s</url></repository>
                      </repositories>
                      <dependencyManagement><dependencies>
                        <dependency><groupId>com.example</groupId><artifactId>bom</artifactId><version>1.0</version>
                          <type>pom</type><scope>import</scope></dependency>
                      </dependencies></dependencyManagement>
                      <dependencies>
                        <dependency><groupId>com.example</groupId><artifactId>lib-b</artifactId><version>${lib.b.version}</version></dependency>
                        <dependency><groupId>com.example</groupId><artifactId>lib-a</artifactId></dependency>
                        <dependency><groupId>com.example</groupId><artifactId>testonly</artifactId><version>1.0</version><scope>test</scope></dependency>
                        <dependency><groupId>com.example</groupId><artifactId>container</artifactId><version>1.0</version><scope>provided</scope></dependency>
                      </dependencies>
                    </project>
                    """.formatted(boms.url());

            Resolution r = resolver.resolvePom(pom, false);

            assertThat(coordinates(r))
                    .containsExactly(
                            "com.example:lib-b:jar:1.5", "com.example:lib-a:jar:2.0", "com.example:lib-c:jar:1.1");
            assertThat(boms.requests()).anyMatch(q -> q.uri().endsWith("bom-1.0.pom"));

            // and again, from the local repository only
            remote.resetRequests();
            boms.resetRequests();
            assertThat(resolver.resolvePom(pom, true)).isEqualTo(r);
            assertThat(remote.requests()).isEmpty();
            assertThat(boms.requests()).isEmpty();
        }
    }

    @Test
    void resolvePomAcceptsFragments() throws Exception {
        remote.publish("com.example:a:1.0", "com.example:b:1.0").publish("com.example:b:1.0");

        Resolution r = resolver.resolvePom("""
                <dependency>
                  <groupId>com.example</groupId><artifactId>a</artifactId><version>${a.version}</version>
                </dependency>
                <properties><a.version>1.0</a.version></properties>
                """, false);

        assertThat(coordinates(r)).containsExactly("com.example:a:jar:1.0", "com.example:b:jar:1.0");
    }

    @Test
    void resolvePomReportsBadPoms() {
        assertThatThrownBy(() -> resolver.resolvePom("<dependencies><dependency></dependencies>", false))
                .isInstanceOf(ResolutionException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> resolver.resolvePom("""
                        <project>
                          <dependencies>
                            <dependency><groupId>com.example</groupId><artifactId>a</artifactId></dependency>
                          </dependencies>
                        </project>
                        """, false))
                .isInstanceOf(ResolutionException.class)
                .hasMessageContaining("version")
                .hasMessageContaining("missing")
                .hasMessageNotContaining("jfairing-pom-");
        assertThatThrownBy(() -> resolver.resolvePom("""
                        <dependency><groupId>com.example</groupId><artifactId>nowhere</artifactId><version>1</version></dependency>
                        """, false))
                .isInstanceOf(ResolutionException.class)
                .hasMessage("Could not resolve com.example:nowhere:1: not found in central (" + remote.url() + ")");
    }
}
