package io.jfairing.metadata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.Children;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.UnauthorizedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataServerCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        return MetadataServerCommand.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    @Test
    void refusesAPublicAddressWithoutATokenAndCreatesNoFile() {
        StringWriter err = new StringWriter();
        Path db = dir.resolve("m.db");
        int code = run(err, "serve", "--db", db.toString(), "--host", "0.0.0.0", "--port", "0");
        assertThat(code).isEqualTo(2);
        assertOneLine(err, "jfairing-metadata: error: refusing to serve on 0.0.0.0 without a token");
        assertThat(db).doesNotExist();
        assertThat(dir.resolve("m.db-wal")).doesNotExist();
    }

    @Test
    void aMissingTokenFileIsOneLineAndExit2() {
        StringWriter err = new StringWriter();
        Path db = dir.resolve("m.db");
        Path missing = dir.resolve("nonexistent");
        assertThat(run(err, "serve", "--db", db.toString(), "--token-file", missing.toString()))
                .isEqualTo(2);
        assertOneLine(err, "jfairing-metadata: error: token file " + missing + " does not exist");
        assertThat(db).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseIsOneLineAndExit1AndIsLeftAlone() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n".repeat(40));
        byte[] before = Files.readAllBytes(passwd);
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--db", passwd.toString(), "--port", "0")).isEqualTo(1);
        assertOneLine(err, "jfairing-metadata: error: cannot open ");
        assertThat(err.toString())
                .contains(passwd.toString())
                .contains("not a database")
                .containsOnlyOnce(passwd.toString());
        assertThat(Files.readAllBytes(passwd)).isEqualTo(before);
        StringWriter err2 = new StringWriter();
        assertThat(run(err2, "serve", "--db", dir.toString(), "--port", "0")).isEqualTo(1);
        assertOneLine(err2, "jfairing-metadata: error: cannot open database " + dir + ": it is a directory");
    }

    @Test
    void anAddressInUseIsOneLineWithoutTheUsageAndCreatesNoFile() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path db = dir.resolve("m.db");
            StringWriter err = new StringWriter();
            assertThat(run(err, "serve", "--db", db.toString(), "--port", String.valueOf(taken.getLocalPort())))
                    .isEqualTo(1);
            assertOneLine(err, "jfairing-metadata: error: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": ");
            assertThat(err.toString()).containsIgnoringCase("already in use").doesNotContain("Usage");
            assertThat(db).doesNotExist();
            assertThat(dir.resolve("m.db-wal")).doesNotExist();
            assertThat(dir.resolve("m.db-shm")).doesNotExist();
        }
    }

    private static void assertOneLine(StringWriter err, String prefix) {
        String text = err.toString();
        assertThat(text.lines().toList()).as(text).hasSize(1);
        assertThat(text)
                .startsWith(prefix)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("Usage");
    }

    @Test
    void refusesAnEmptyTokenFileAndUnknownOptions() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "  \n");
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--db", dir.resolve("m.db").toString(), "--token-file", token.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is empty");
        StringWriter err2 = new StringWriter();
        assertThat(run(err2, "serve", "--bogus")).isEqualTo(2);
        assertThat(err2.toString()).contains("--bogus");
    }

    @Test
    @Tag("slow")
    void servesAFileOverHttpUntilStopped() throws Exception {
        Path db = dir.resolve("served.db");
        Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                MetadataServerCommand.class.getName(),
                "serve",
                "--db",
                db.toString(),
                "--port",
                "0",
                "--token-file",
                token.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("serve.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertThat(banner)
                    .as(Files.exists(dir.resolve("serve.err")) ? Files.readString(dir.resolve("serve.err")) : "")
                    .isNotNull()
                    .contains("serving")
                    .contains("writes need the bearer token")
                    .doesNotContain("s3cret");
            String url = banner.substring(banner.indexOf("http://"), banner.indexOf(' ', banner.indexOf("http://")));
            long runId;
            try (MetadataStore client = MetadataStore.connect(url, "s3cret-token")) {
                runId = client.startRun("served").id();
                client.logBatch(
                        runId,
                        io.jfairing.metadata.RunBatch.builder()
                                .param("via", "http")
                                .build());
            }
            try (MetadataStore anonymous = MetadataStore.connect(url)) {
                assertThat(anonymous.getRun(runId).params()).containsEntry("via", "http");
                assertThatThrownBy(() -> anonymous.startRun("served")).isInstanceOf(UnauthorizedException.class);
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook stops the server and closes the file
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (MetadataStore direct = MetadataStore.open(db)) {
            RunInfo run = direct.searchRuns(io.jfairing.metadata.RunQuery.builder()
                            .experiment("served")
                            .build())
                    .items()
                    .get(0);
            assertThat(run.params()).containsEntry("via", "http");
        }
    }

    @Test
    @Tag("slow")
    void servesAPostgresDatabaseWithTheTokenFromTheEnvironmentAndLogsNeitherSecret() throws Exception {
        io.jfairing.metadata.pg.PostgresServer pg = io.jfairing.metadata.pg.PostgresServer.shared();
        String uri = pg.createDatabase();
        String password = io.jfairing.metadata.pg.PostgresServer.passwordEnv()
                .get(io.jfairing.metadata.store.sqlite.PostgresLocation.ENV_PASSWORD);
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MetadataServerCommand.class.getName(),
                        "serve",
                        "--database",
                        uri,
                        "--port",
                        "0")
                .redirectError(dir.resolve("serve.err").toFile());
        pb.environment().putAll(io.jfairing.metadata.pg.PostgresServer.passwordEnv());
        pb.environment().put(MetadataStore.ENV_TOKEN, "env-token-42");
        Process p = pb.start();
        String banner;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            banner = out.readLine();
            assertThat(banner)
                    .as(Children.stderrOf(dir.resolve("serve.err")))
                    .isNotNull()
                    .contains("serving " + uri)
                    .contains("writes need the bearer token");
            String url = banner.substring(banner.indexOf("http://"), banner.indexOf(' ', banner.indexOf("http://")));
            try (MetadataStore client = MetadataStore.connect(url, "env-token-42")) {
                long runId = client.startRun("team").id();
                client.logBatch(
                        runId,
                        io.jfairing.metadata.RunBatch.builder()
                                .param("db", "postgresql")
                                .build());
                assertThatThrownBy(() -> MetadataStore.connect(url).startRun("team"))
                        .isInstanceOf(UnauthorizedException.class);
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(banner + Children.stderrOf(dir.resolve("serve.err")))
                .doesNotContain(password)
                .doesNotContain("env-token-42");
        try (MetadataStore direct =
                io.jfairing.metadata.pg.PostgresServer.open(uri, io.jfairing.metadata.LogBuffering.DEFAULT)) {
            assertThat(direct.searchRuns(io.jfairing.metadata.RunQuery.builder()
                                    .experiment("team")
                                    .build())
                            .items()
                            .get(0)
                            .params())
                    .containsEntry("db", "postgresql");
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneLineWithoutThePassword() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--database", "postgresql://someone:hunter2@127.0.0.1:1/nothing", "--port", "0"))
                .isEqualTo(1);
        assertOneLine(err, "jfairing-metadata: error: ");
        assertThat(err.toString()).contains("127.0.0.1:1/nothing").doesNotContain("hunter2");
        StringWriter both = new StringWriter();
        assertThat(run(both, "serve", "--database", "postgresql://h/d", "--db", "x.db"))
                .isEqualTo(2);
        assertThat(both.toString()).contains("--db or --database");
    }
}
