package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.metadata.server.MetadataServerCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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

/**
 * The soak test of issue 14: three writer processes log through a server that is killed (SIGKILL) and restarted
 * five times on the same port and SQLite file; every point arrives exactly once and every run ends FINISHED.
 */
@Tag("slow")
class ServerOutageIT {
    @TempDir
    Path dir;

    @Test
    void writersRideOutAServerKilledAndRestartedFiveTimes() throws Exception {
        Path db = dir.resolve("metadata.db");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Process server = startServer(db, port, 0);
        Path stop = dir.resolve("stop");
        List<Process> writers = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        List<Long> runIds = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                Process p = Children.start(
                        dir.resolve("writer-" + w + ".err"),
                        ChildWriter.class,
                        "soak",
                        url,
                        "soak",
                        "writer-" + w,
                        stop.toString());
                writers.add(p);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                outs.add(out);
            }
            for (int w = 0; w < 3; w++) {
                String line = outs.get(w).readLine();
                assertThat(line)
                        .as(Children.stderrOf(dir.resolve("writer-" + w + ".err")))
                        .startsWith("run ");
                runIds.add(Long.parseLong(line.substring(4).trim()));
            }
            for (int kill = 1; kill <= 5; kill++) {
                Thread.sleep(700); // the writers log through the server
                server.destroyForcibly(); // SIGKILL
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(500); // the server is away; the writers keep logging
                server = startServer(db, port, kill);
            }
            Thread.sleep(700);
            Files.writeString(stop, "stop");
            List<Long> logged = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Process p = writers.get(w);
                assertThat(p.waitFor(120, TimeUnit.SECONDS))
                        .as("writer %d finishes", w)
                        .isTrue();
                String err = Children.stderrOf(dir.resolve("writer-" + w + ".err"));
                assertThat(p.exitValue()).as(err).isZero();
                String line = outs.get(w).readLine();
                assertThat(line).as(err).startsWith("done ");
                logged.add(Long.parseLong(line.substring(5).trim()));
            }
            String allErr = Children.stderrOf(dir.resolve("writer-0.err"))
                    + Children.stderrOf(dir.resolve("writer-1.err"))
                    + Children.stderrOf(dir.resolve("writer-2.err"));
            assertThat(allErr)
                    .as("the writers warn while the server is away")
                    .contains("cannot reach the metadata store");
            server.destroy(); // SIGTERM: a clean stop
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (MetadataStore check = MetadataStore.open(db)) {
                for (int w = 0; w < 3; w++) {
                    long id = runIds.get(w);
                    RunInfo run = check.getRun(id);
                    assertThat(run.status()).as("run of writer %d", w).isEqualTo(RunStatus.FINISHED);
                    List<MetricPoint> points = check.metricHistory(id, "m");
                    long n = logged.get(w);
                    assertThat(n).as("writer %d logged across the outages", w).isGreaterThan(1000);
                    assertThat(points).as("writer %d: every point once", w).hasSize((int) n);
                    for (int i = 0; i < n; i++) {
                        MetricPoint p = points.get(i);
                        assertThat(p.step()).isEqualTo(i);
                        assertThat(p.value()).isEqualTo(i);
                        assertThat(p.timestamp()).isEqualTo(1000L + i);
                    }
                }
            }
        } finally {
            for (Process p : writers) {
                p.destroyForcibly();
            }
            server.destroyForcibly();
        }
    }

    private Process startServer(Path db, int port, int generation) throws Exception {
        Path err = dir.resolve("server-" + generation + ".err");
        Process p = Children.start(
                err, MetadataServerCommand.class, "serve", "--db", db.toString(), "--port", String.valueOf(port));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String banner = out.readLine(); // null if it died: then its stderr says why
        assertThat(banner).as(Children.stderrOf(err)).isNotNull().contains("serving");
        return p;
    }
}
