package io.jfairing.fairing.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.deploy.RunPolicy;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.CleanupPolicy;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.testing.workloads.AllReduce;
import io.jfairing.fairing.testing.workloads.Lines;
import io.jfairing.fairing.testing.workloads.LogsToRun;
import io.jfairing.fairing.testing.workloads.Oom;
import io.jfairing.fairing.testing.workloads.Sleeper;
import io.jfairing.fairing.testing.workloads.Workloads;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs: distributed all-reduce, failures, OOM, cancel, attach, log following, metadata recording. */
@Tag("slow")
class LocalProcessJobBackendIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private LocalProcessJobBackend backend;

    @BeforeEach
    void start() {
        backend = Backends.local(dir.resolve("jobs"));
    }

    @AfterEach
    void stop() throws Exception {
        for (JobStatus job : backend.list()) {
            backend.attach(job.name()).cancel();
        }
        backend.close();
    }

    private static JobSpec.Builder spec(String name) {
        return JobSpec.builder("local").name(name);
    }

    @Test
    void distributedReplicasFindEachOtherThroughTheInjectedEnvAndAllReduce() throws Exception {
        JobSpec spec = spec("allreduce")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(Role.WORKER, 2)
                .build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(AllReduce.class))
                .build());
        List<LogLine> followed = Collections.synchronizedList(new ArrayList<>());
        try (JobHandle.Subscription logs = job.followLogs(followed::add)) {
            JobOutcome outcome = job.waitForCompletion(TIMEOUT);
            assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
        }
        // 1+2+3, 10+20+30, 100+200+300, printed by every replica
        assertThat(job.logs())
                .extracting(LogLine::toString)
                .containsExactlyInAnyOrder(
                        "[master-0] rank=0 world=3 sum=6,60,600",
                        "[worker-0] rank=1 world=3 sum=6,60,600",
                        "[worker-1] rank=2 world=3 sum=6,60,600");
        waitFor(() -> followed.size() == 3);
        assertThat(followed)
                .extracting(LogLine::toString)
                .containsExactlyInAnyOrderElementsOf(
                        job.logs().stream().map(LogLine::toString).toList());
        assertThat(job.status().replicas())
                .hasSize(3)
                .allMatch(r -> r.phase() == JobPhase.SUCCEEDED && r.exitCode() == 0);
    }

    @Test
    void twoReplicaBatchJobGetsCompletionIndexes() throws Exception {
        JobSpec spec = spec("indexed").replicas(2).env("GREETING", "hi").build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(
                        io.jfairing.fairing.testing.workloads.PrintEnv.class,
                        "JOB_COMPLETION_INDEX",
                        "GREETING",
                        JobEnvironment.REPLICA_ROLE,
                        "MASTER_ADDR"))
                .build());
        assertThat(job.waitForCompletion(TIMEOUT).succeeded()).isTrue();
        assertThat(job.logs())
                .extracting(LogLine::toString)
                .containsExactlyInAnyOrder(
                        "[worker-0] JOB_COMPLETION_INDEX=0",
                        "[worker-0] GREETING=hi",
                        "[worker-0] JFAIRING_REPLICA_ROLE=worker",
                        "[worker-0] MASTER_ADDR=",
                        "[worker-1] JOB_COMPLETION_INDEX=1",
                        "[worker-1] GREETING=hi",
                        "[worker-1] JFAIRING_REPLICA_ROLE=worker",
                        "[worker-1] MASTER_ADDR=");
    }

    @Test
    void aFailingReplicaFailsTheJobWithItsExitCodeAndLastLinesAndStopsTheOthers() throws Exception {
        JobSpec spec = spec("fails").replicas(1).build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(Lines.class, "30", "3"))
                .build());
        JobOutcome outcome = job.waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.failedReplica()).isEqualTo("worker-0");
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.reason()).isEqualTo("Error");
        assertThat(outcome.lastLogLines()).hasSize(JobOutcome.LAST_LINES).endsWith("line 30", "giving up with 3");
        assertThat(outcome.describe()).contains("replica worker-0 exited with 3 (Error)", "giving up with 3");
        assertThat(job.status().message()).isEqualTo("worker-0 exited with 3 (Error)");

        // a PyTorchJob whose worker fails: the master (waiting for it forever) is stopped, the worker is the failure
        JobSpec distributed = spec("half-fails")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(Role.WORKER, 1)
                .env("FAIL_RANK", "1")
                .build();
        JobHandle second = backend.submit(JobRequest.builder(distributed)
                .program(Workloads.program(io.jfairing.fairing.testing.workloads.FailRank.class))
                .build());
        JobOutcome failed = second.waitForCompletion(TIMEOUT);
        assertThat(failed.failedReplica()).isEqualTo("worker-0");
        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(failed.lastLogLines()).containsExactly("rank 1 fails");
        assertThat(second.status().replicas()).anySatisfy(r -> {
            assertThat(r.replica()).isEqualTo("master-0");
            assertThat(r.reason()).isEqualTo("Stopped");
        });
    }

    @Test
    void aJvmOutOfMemoryIsOomKilled() throws Exception {
        JobSpec spec = spec("oom").replicas(1).build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(Oom.class).withJvmOptions("-Xmx24m"))
                .build());
        JobOutcome outcome = job.waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.reason()).isEqualTo("OOMKilled");
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.lastLogLines())
                .contains("allocating")
                .anyMatch(l -> l.contains("java.lang.OutOfMemoryError"));
    }

    @Test
    void aMemoryLimitSizesTheHeapAsInAContainer() throws Exception {
        JobSpec spec = spec("limited")
                .replicas(1)
                .resources(Resources.none().memory("64Mi", "64Mi"))
                .build();
        JobHandle job = backend.submit(
                JobRequest.builder(spec).program(Workloads.program(Oom.class)).build());
        JobOutcome outcome = job.waitForCompletion(TIMEOUT);
        assertThat(outcome.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void cancelKillsTheProcessTreeAndKeepsTheRecord() throws Exception {
        Path db = dir.resolve("metadata.db");
        try (MetadataStore store = MetadataStore.open(db)) {
            JobSpec spec = spec("sleepy").replicas(1).build();
            JobHandle job = backend.submit(JobRequest.builder(spec)
                    .program(Workloads.program(Sleeper.class))
                    .record(store, "cancel")
                    .build());
            Path childPid = backend.stateDirectory().resolve("sleepy/replicas/worker-0/work/child.pid");
            waitFor(() -> Files.exists(childPid) && job.logs().size() == 1);
            long grandchild = Long.parseLong(Files.readString(childPid).strip());
            assertThat(ProcessHandle.of(grandchild)).isPresent();
            assertThat(job.status().phase()).isEqualTo(JobPhase.RUNNING);

            job.cancel();
            JobOutcome outcome = job.waitForCompletion(TIMEOUT);
            assertThat(outcome.phase()).isEqualTo(JobPhase.CANCELLED);
            waitFor(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
            assertThat(job.status().replicas().get(0).reason()).isEqualTo("Cancelled");
            assertThat(job.logs()).extracting(LogLine::text).containsExactly("sleeping");
            RunInfo run = store.getRun(job.runId());
            assertThat(run.status()).isEqualTo(RunStatus.KILLED);
            assertThat(run.tags()).containsEntry(JobRecorder.TAG_PHASE, "CANCELLED");

            job.delete();
            assertThat(backend.stateDirectory().resolve("sleepy")).doesNotExist();
            assertThat(backend.list()).isEmpty();
            assertThat(store.getRun(job.runId()).status()).isEqualTo(RunStatus.KILLED); // the run stays
        }
    }

    @Test
    void anotherBackendInstanceAttachesFollowsWaitsAndLists() throws Exception {
        JobSpec spec = spec("attached").replicas(1).build();
        backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(io.jfairing.fairing.testing.workloads.SlowLines.class, "40", "25"))
                .build());
        try (LocalProcessJobBackend other = Backends.local(dir.resolve("jobs"))) {
            JobHandle job = other.attach("attached");
            List<JobStatus> statuses = Collections.synchronizedList(new ArrayList<>());
            JobHandle.Subscription watch = job.onStatus(statuses::add);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch first = new CountDownLatch(1);
            try (JobHandle.Subscription s = job.followLogs(l -> {
                lines.add(l.text());
                first.countDown();
            })) {
                assertThat(first.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(job.status().phase()).isEqualTo(JobPhase.RUNNING);
                assertThat(job.waitForCompletion(TIMEOUT).succeeded()).isTrue();
                waitFor(() -> lines.size() == 40);
            }
            assertThat(lines).containsExactlyElementsOf(numbered(40));
            waitFor(() ->
                    !statuses.isEmpty() && statuses.get(statuses.size() - 1).phase() == JobPhase.SUCCEEDED);
            watch.close();
            assertThat(statuses.get(0).phase()).isEqualTo(JobPhase.RUNNING);
            assertThat(statuses.get(statuses.size() - 1).replicas())
                    .singleElement()
                    .satisfies(r -> assertThat(r.exitCode()).isZero());
            assertThat(other.list()).extracting(JobStatus::name).containsExactly("attached");
            assertThat(other.list().get(0).phase()).isEqualTo(JobPhase.SUCCEEDED);
        }
        JobException missing =
                org.junit.jupiter.api.Assertions.assertThrows(JobException.class, () -> backend.attach("nope"));
        assertThat(missing.getMessage()).contains("no local job named nope", "there are: attached");
    }

    @Test
    void followingTenThousandLinesLosesAndRepeatsNone() throws Exception {
        JobSpec spec = spec("many-lines").replicas(1).build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(Lines.class, "10000"))
                .build());
        List<String> followed = Collections.synchronizedList(new ArrayList<>());
        // a follower that stops half way and a second that starts late both see everything once, in order
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        JobHandle.Subscription interrupted = job.followLogs(l -> early.add(l.text()));
        try (JobHandle.Subscription logs = job.followLogs(l -> followed.add(l.text()))) {
            waitFor(() -> !early.isEmpty());
            interrupted.close();
            assertThat(job.waitForCompletion(TIMEOUT).succeeded()).isTrue();
            waitFor(() -> followed.size() >= 10000);
        }
        assertThat(followed).containsExactlyElementsOf(numbered(10000));
        assertThat(early).isSubsetOf(followed).doesNotHaveDuplicates();
        List<String> late = Collections.synchronizedList(new ArrayList<>());
        try (JobHandle.Subscription logs = job.followLogs(l -> late.add(l.text()))) {
            waitFor(() -> late.size() >= 10000);
        }
        assertThat(late).containsExactlyElementsOf(numbered(10000));
        assertThat(job.logs()).hasSize(10000);
    }

    @Test
    void theJobIsRecordedAsARunAndItsReplicasLogIntoIt() throws Exception {
        Path db = dir.resolve("metadata.db");
        try (MetadataStore store = MetadataStore.open(db)) {
            JobSpec spec = spec("recorded")
                    .kind(JobKind.PYTORCH_JOB)
                    .replicas(Role.WORKER, 1)
                    .build();
            JobHandle job = backend.submit(JobRequest.builder(spec)
                    .program(Workloads.program(LogsToRun.class))
                    .parameters(Map.of("epochs", "3", "lr", "0.1"))
                    .imageDigest("sha256:abc")
                    .record(store, "training")
                    .metadataUri(db.toString())
                    .build());
            JobOutcome outcome = job.waitForCompletion(TIMEOUT);
            assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
            assertThat(outcome.runId()).isEqualTo(job.runId()).isNotNull();
            RunInfo run = store.getRun(job.runId());
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(run.name()).isEqualTo("recorded");
            assertThat(store.getExperiment(run.experimentId()).name()).isEqualTo("training");
            assertThat(run.params()).containsExactlyInAnyOrderEntriesOf(Map.of("epochs", "3", "lr", "0.1"));
            assertThat(run.tags())
                    .containsEntry(JobRecorder.TAG_JOB_NAME, "recorded")
                    .containsEntry(JobRecorder.TAG_BACKEND, "local")
                    .containsEntry(JobRecorder.TAG_KIND, "PyTorchJob")
                    .containsEntry(JobRecorder.TAG_IMAGE, "local")
                    .containsEntry(JobRecorder.TAG_IMAGE_DIGEST, "sha256:abc")
                    .containsEntry(JobRecorder.TAG_PHASE, "SUCCEEDED");
            assertThat(run.tags().get(JobRecorder.TAG_MANIFEST))
                    .contains("\"master-0\"", "\"worker-0\"", "RANK", LogsToRun.class.getName());
            // each replica logged its rank into the job's run through JFAIRING_RUN_ID and JFAIRING_METADATA_URI
            assertThat(run.metrics()).containsEntry("rank_seen_0", 0.0).containsEntry("rank_seen_1", 1.0);
        }
        assertThat(Files.size(db)).isPositive();
    }

    @Test
    void aFailedJobsRunEndsFailedWithTheReason() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            JobHandle job = backend.submit(
                    JobRequest.builder(spec("failed-run").replicas(1).build())
                            .program(Workloads.program(Lines.class, "2", "7"))
                            .record(store, "training")
                            .build());
            job.waitForCompletion(TIMEOUT);
            RunInfo run = store.getRun(job.runId());
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.tags())
                    .containsEntry(JobRecorder.TAG_FAILED_REPLICA, "worker-0")
                    .containsEntry(JobRecorder.TAG_EXIT_CODE, "7")
                    .containsEntry(JobRecorder.TAG_REASON, "Error");
        }
    }

    @Test
    void theActiveDeadlineStopsTheJob() throws Exception {
        JobSpec spec = spec("deadline")
                .replicas(1)
                .runPolicy(RunPolicy.none().activeDeadlineSeconds(2))
                .build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .program(Workloads.program(Sleeper.class))
                .build());
        JobOutcome outcome = job.waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.reason()).isEqualTo("DeadlineExceeded");
        assertThat(outcome.lastLogLines()).containsExactly("sleeping");
        assertThat(outcome.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void cleanupPoliciesRemoveWorkFoldersButKeepLogs() throws Exception {
        JobHandle ok =
                backend.submit(JobRequest.builder(spec("clean-ok").replicas(1).build())
                        .program(Workloads.program(Lines.class, "3"))
                        .cleanup(CleanupPolicy.DELETE_ON_SUCCESS)
                        .build());
        JobHandle failed = backend.submit(
                JobRequest.builder(spec("clean-failed").replicas(1).build())
                        .program(Workloads.program(Lines.class, "3", "1"))
                        .cleanup(CleanupPolicy.DELETE_ON_SUCCESS)
                        .build());
        ok.waitForCompletion(TIMEOUT);
        failed.waitForCompletion(TIMEOUT);
        assertThat(backend.stateDirectory().resolve("clean-ok/replicas/worker-0/work"))
                .doesNotExist();
        assertThat(backend.stateDirectory().resolve("clean-failed/replicas/worker-0/work"))
                .isDirectory();
        assertThat(ok.logs()).hasSize(3);
    }

    @Test
    void aSecondJobWithTheSameNameIsRefused() throws Exception {
        JobSpec spec = spec("twice").replicas(1).build();
        JobRequest request = JobRequest.builder(spec)
                .program(Workloads.program(Lines.class, "1"))
                .build();
        backend.submit(request).waitForCompletion(TIMEOUT);
        JobException e =
                org.junit.jupiter.api.Assertions.assertThrows(JobException.class, () -> backend.submit(request));
        assertThat(e.getMessage()).contains("a local job named twice already exists");
    }

    static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("line " + i);
        }
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.ok()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
