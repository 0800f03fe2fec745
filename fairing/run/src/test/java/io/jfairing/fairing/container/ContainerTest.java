package io.jfairing.fairing.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerTest {
    /** What podman 4.3's {@code container inspect --format json} prints (trimmed to the fields read). */
    private static final String INSPECT = """
            [{"Id":"4f2a","Name":"train-worker-0",
              "State":{"Status":"exited","Running":false,"OOMKilled":true,"ExitCode":137,"Error":"",
                       "StartedAt":"2026-11-23T13:31:16.123456789Z","FinishedAt":"2026-11-23T14:31:16.5+01:00"},
              "Config":{"Labels":{"jfairing.io/job-name":"train","jfairing.io/replica":"worker-0"}}},
             {"Id":"5b3c","Name":"train-worker-1",
              "State":{"Status":"running","Running":true,"OOMKilled":false,"ExitCode":0,
                       "StartedAt":"2026-11-23T13:31:16Z","FinishedAt":"0001-01-01T00:00:00Z"},
              "Config":{"Labels":{}}}]
            """;

    @Test
    void inspectGivesExitCodeOomAndTimes() throws Exception {
        List<ContainerState> states = Podman.parseInspect(INSPECT);
        ContainerState exited = states.get(0);
        assertThat(exited.name()).isEqualTo("train-worker-0");
        assertThat(exited.exited()).isTrue();
        assertThat(exited.exitCode()).isEqualTo(137);
        assertThat(exited.oomKilled()).isTrue();
        assertThat(exited.labels()).containsEntry("jfairing.io/replica", "worker-0");
        assertThat(exited.startedAt()).isEqualTo(Instant.parse("2026-11-23T13:31:16.123456789Z"));
        assertThat(exited.finishedAt()).isEqualTo(Instant.parse("2026-11-23T13:31:16.5Z"));
        ContainerState running = states.get(1);
        assertThat(running.running()).isTrue();
        assertThat(running.exitCode()).isNull();
        assertThat(running.finishedAt()).isNull();
        assertThat(Podman.parseInspect("  ")).isEmpty();
    }

    @Test
    void runArgumentsCarryNameLabelsEnvNetworkLimitsEntrypointAndArgs() {
        ContainerRun run = ContainerRun.builder("127.0.0.1:5000/train:1")
                .name("train-worker-0")
                .label("jfairing.io/job-name", "train")
                .env(Map.of("RANK", "1"))
                .network("host")
                .memory("536870912")
                .cpus("1.5")
                .entrypoint(List.of("java", "-cp", "/app/\"x\""))
                .args(List.of("--epochs", "3"))
                .option("--tls-verify=false")
                .build();
        assertThat(run.toArguments())
                .containsExactly(
                        "run",
                        "-d",
                        "--log-driver",
                        "k8s-file",
                        "--name",
                        "train-worker-0",
                        "--label",
                        "jfairing.io/job-name=train",
                        "--env",
                        "RANK=1",
                        "--network",
                        "host",
                        "--memory",
                        "536870912",
                        "--cpus",
                        "1.5",
                        "--entrypoint=[\"java\",\"-cp\",\"/app/\\\"x\\\"\"]",
                        "--tls-verify=false",
                        "127.0.0.1:5000/train:1",
                        "--epochs",
                        "3");
    }

    @Test
    void logLinesSplitTheirTimestamp() {
        ContainerLogLine line = ContainerLogLine.parse("2026-11-23T13:31:16.000000001Z epoch 1 loss=0.5");
        assertThat(line.time()).isEqualTo(Instant.parse("2026-11-23T13:31:16.000000001Z"));
        assertThat(line.text()).isEqualTo("epoch 1 loss=0.5");
        assertThat(ContainerLogLine.parse("no timestamp here"))
                .isEqualTo(new ContainerLogLine(null, "no timestamp here"));
        assertThat(ContainerLogLine.parse("2026-11-23T13:31:16Z ").text()).isEmpty();
    }

    @Test
    void aCommandsErrorIsPodmansErrorLine() {
        CommandResult result = new CommandResult(
                List.of("podman", "pull", "x"),
                125,
                "",
                "Trying to pull x...\nError: initializing source docker://x: manifest unknown\n");
        assertThat(result.error()).isEqualTo("Error: initializing source docker://x: manifest unknown");
        assertThat(new CommandResult(List.of("podman", "ps"), 1, "", "").error())
                .isEqualTo("podman ps exited with 1");
    }
}
