package io.jfairing.fairing.backend.podman;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.container.ContainerState;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.job.CleanupPolicy;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.fairing.testing.JobFixtures;
import io.jfairing.fairing.testing.PodmanJobs;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Notebook images built into a real registry and run as jobs by real podman (runc, vfs, host network). */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class PodmanJobBackendIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();
    private PodmanJobs jobs;
    private Podman podman;
    private PodmanJobBackend backend;

    @BeforeEach
    void start() {
        jobs = PodmanJobs.start(env.containers(), dir.resolve("jobs"));
        podman = jobs.podman();
        backend = jobs.backend();
    }

    @AfterEach
    void stop() throws Exception {
        jobs.close();
    }

    private String image(Path notebook, String repository) throws Exception {
        BuiltImage image = Fairing.notebook(notebook)
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache())
                .build(ImageTarget.registry(env.registry().host() + "/" + repository)
                        .withCredentials(RegistryCredentials.none()));
        return image.reference();
    }

    @Test
    void twoContainersFindEachOtherThroughTheInjectedEnvAndAllReduce() throws Exception {
        String image = image(JobFixtures.allReduceNotebook(dir), "it/allreduce:1");
        JobSpec spec = JobSpec.builder(image)
                .name("podman-allreduce")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(Role.WORKER, 1)
                .build();
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            JobHandle job = backend.submit(
                    JobRequest.builder(spec).record(store, "podman").build());
            List<LogLine> followed = Collections.synchronizedList(new ArrayList<>());
            try (JobHandle.Subscription logs = job.followLogs(followed::add)) {
                JobOutcome outcome = job.waitForCompletion(TIMEOUT);
                assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
            }
            assertThat(job.logs())
                    .extracting(LogLine::toString)
                    .containsExactlyInAnyOrder(
                            "[master-0] rank=0 world=2 sum=3,30,300", "[worker-0] rank=1 world=2 sum=3,30,300");
            List<ContainerState> containers = podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, "podman-allreduce"));
            assertThat(containers)
                    .extracting(ContainerState::name)
                    .containsExactlyInAnyOrder("podman-allreduce-master-0", "podman-allreduce-worker-0");
            assertThat(containers).hasSize(2).allMatch(c -> c.exitCode() == 0);
            RunInfo run = store.getRun(job.runId());
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(run.tags())
                    .containsEntry(JobRecorder.TAG_BACKEND, "podman")
                    .containsEntry(JobRecorder.TAG_IMAGE, image);
            assertThat(run.tags().get(JobRecorder.TAG_MANIFEST)).contains("--network host", "--env RANK=...");
        }
    }

    @Test
    void aFailingNotebookFailsWithExitCodeAndLastLines() throws Exception {
        String image = image(Fixtures.failingNotebook(dir), "it/job-fails:1");
        JobHandle job = backend.submit(
                JobRequest.of(JobSpec.builder(image).name("podman-fails").build()));
        JobOutcome outcome = job.waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.failedReplica()).isEqualTo("worker-0");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.reason()).isEqualTo("Error");
        assertThat(outcome.lastLogLines())
                .contains("start", "checking")
                .anyMatch(l -> l.startsWith("cell 4: java.lang.IllegalStateException: boom 2"));
    }

    @Test
    void anImageThatCannotBePulledEndsTheJobWithImagePullBackOff() throws Exception {
        String missing = env.registry().host() + "/it/does-not-exist:1";
        JobHandle job = backend.submit(
                JobRequest.of(JobSpec.builder(missing).name("podman-missing").build()));
        JobOutcome outcome = job.waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.reason()).isEqualTo("ImagePullBackOff");
        assertThat(String.join("\n", outcome.lastLogLines())).contains("ErrImagePull", "does-not-exist");
        assertThat(podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, "podman-missing")))
                .isEmpty();
    }

    @Test
    void cancelStopsTheContainersAndAnotherInstanceAttachesAndDeletes() throws Exception {
        Path notebook = dir.resolve("sleeps.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "sleeps.ipynb",
                        List.of(NotebookCell.code(1, "System.out.println(\"sleeping\");\nThread.sleep(600_000);"))),
                notebook);
        String image = image(notebook, "it/sleeps:1");
        JobHandle job = backend.submit(JobRequest.builder(
                        JobSpec.builder(image).name("podman-sleeps").replicas(2).build())
                .cleanup(CleanupPolicy.KEEP)
                .build());
        try (PodmanJobBackend other = PodmanJobBackend.builder(podman)
                .stateDirectory(dir.resolve("jobs"))
                .build()) {
            JobHandle attached = other.attach("podman-sleeps");
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            try (JobHandle.Subscription s = attached.followLogs(l -> lines.add(l.toString()))) {
                long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (lines.size() < 2 && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
            }
            assertThat(lines).containsExactlyInAnyOrder("[worker-0] sleeping", "[worker-1] sleeping");
            assertThat(attached.status().phase()).isEqualTo(JobPhase.RUNNING);
            attached.cancel();
            assertThat(job.waitForCompletion(TIMEOUT).phase()).isEqualTo(JobPhase.CANCELLED);
            assertThat(podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, "podman-sleeps")))
                    .hasSize(2)
                    .noneMatch(ContainerState::running);
            attached.delete();
        }
        assertThat(podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, "podman-sleeps")))
                .isEmpty();
        assertThat(dir.resolve("jobs/podman-sleeps")).doesNotExist();
    }

    @Test
    void cancellingWhileContainersAreStillBeingCreatedEndsTheJob() throws Exception {
        Path notebook = dir.resolve("sleeps.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "sleeps.ipynb",
                        List.of(NotebookCell.code(1, "System.out.println(\"sleeping\");\nThread.sleep(600_000);"))),
                notebook);
        String image = image(notebook, "it/sleeps:1");
        JobHandle job = backend.submit(JobRequest.of(
                JobSpec.builder(image).name("podman-early-cancel").replicas(3).build()));
        job.cancel();
        assertThat(job.waitForCompletion(TIMEOUT).phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(job.status().replicas()).hasSize(3).allMatch(r -> r.phase() == JobPhase.CANCELLED);
        Thread.sleep(1000); // a container being created when cancel came is stopped right after
        assertThat(podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, "podman-early-cancel")))
                .noneMatch(ContainerState::running);
    }

    @Test
    void cleanupKeepsTheLogsOfRemovedContainers() throws Exception {
        Path notebook = dir.resolve("lines.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "lines.ipynb",
                        List.of(NotebookCell.code(
                                1, "for (int i = 1; i <= 1000; i++) System.out.println(\"line \" + i);"))),
                notebook);
        String image = image(notebook, "it/lines:1");
        JobHandle job = backend.submit(
                JobRequest.builder(JobSpec.builder(image).name("podman-lines").build())
                        .cleanup(CleanupPolicy.DELETE_ON_SUCCESS)
                        .build());
        List<String> followed = Collections.synchronizedList(new ArrayList<>());
        try (JobHandle.Subscription s = job.followLogs(l -> followed.add(l.text()))) {
            assertThat(job.waitForCompletion(TIMEOUT).succeeded()).isTrue();
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (followed.size() < 1000 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            expected.add("line " + i);
        }
        assertThat(followed).containsExactlyElementsOf(expected);
        assertThat(podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, "podman-lines")))
                .isEmpty();
        assertThat(job.logs()).extracting(LogLine::text).containsExactlyElementsOf(expected);
        assertThat(job.status().replicas().get(0).exitCode()).isZero();
    }

    @Test
    void aSweepRunsItsTrialsAsContainersAndFindsTheBest() throws Exception {
        Path notebook = dir.resolve("objective.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "objective.ipynb",
                        List.of(NotebookCell.code(
                                1,
                                "var ctx = io.jfairing.runtime.runner.TrainingContext.current();\n"
                                        + "double x = ctx.doubleParameter(\"x\", 0);\ndouble y = ctx.doubleParameter(\"y\", 0);\n"
                                        + "ctx.reportMetric(\"score\", -(x - 3) * (x - 3) - (y + 1) * (y + 1));"))),
                notebook);
        String image = image(notebook, "it/objective:1");
        JobSpec spec = JobSpec.builder(image)
                .name("podman-sweep")
                .tuning(io.jfairing.fairing.deploy.Tuning.maximize("score")
                        .algorithm("grid")
                        .parameter(io.jfairing.fairing.deploy.Tuning.Parameter.intRange("x", 2, 4))
                        .parameter(io.jfairing.fairing.deploy.Tuning.Parameter.discrete("y", -1, 0))
                        .maxTrials(6)
                        .parallelTrials(2)
                        .build())
                .build();
        io.jfairing.fairing.job.TuningOutcome outcome = io.jfairing.fairing.tune.LocalTuner.on(backend)
                .tune(JobRequest.builder(spec)
                        .cleanup(CleanupPolicy.DELETE_ALWAYS)
                        .build())
                .waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.SUCCEEDED);
        assertThat(outcome.trials()).hasSize(6).allMatch(t -> t.phase() == JobPhase.SUCCEEDED);
        assertThat(outcome.best().parameters()).isEqualTo(Map.of("x", "3", "y", "-1"));
        assertThat(outcome.best().objective()).isEqualTo(-0.0);
    }

    @Test
    void aContainerOutOfMemoryIsOomKilled() throws Exception {
        Path notebook = dir.resolve("oom.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "oom.ipynb",
                        List.of(NotebookCell.code(
                                1,
                                "System.out.println(\"allocating\");\nvar hoard = new java.util.ArrayList<long[]>();\n"
                                        + "while (true) hoard.add(new long[1 << 20]);"))),
                notebook);
        String image = image(notebook, "it/oom:1");
        JobSpec spec = JobSpec.builder(image)
                .name("podman-oom")
                .resources(io.jfairing.fairing.deploy.Resources.none().memory("96Mi", "96Mi"))
                .build();
        JobOutcome outcome = backend.submit(JobRequest.of(spec)).waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.reason()).as(outcome.describe()).isEqualTo("OOMKilled");
        assertThat(outcome.lastLogLines()).contains("allocating");
    }

    @Test
    void aLogStreamKilledMidJobResumesWithoutLosingOrRepeatingLines() throws Exception {
        Path notebook = dir.resolve("slow-lines.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "slow-lines.ipynb",
                        List.of(
                                NotebookCell.code(
                                        1,
                                        "for (int i = 1; i <= 3000; i++) {\n  System.out.println(\"line \" + i);\n  if (i % 100 == 0) Thread.sleep(100);\n}"))),
                notebook);
        String image = image(notebook, "it/slow-lines:1");
        JobHandle job = backend.submit(
                JobRequest.of(JobSpec.builder(image).name("podman-drops").build()));
        List<String> followed = Collections.synchronizedList(new ArrayList<>());
        int killed = 0;
        try (JobHandle.Subscription s = job.followLogs(l -> followed.add(l.text()))) {
            for (int target : new int[] {300, 1500}) {
                long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (followed.size() < target && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                // drop the stream: kill the `podman logs --follow` this JVM started
                List<ProcessHandle> streams = ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info()
                                .arguments()
                                .map(a -> List.of(a).contains("--follow")
                                        && List.of(a).contains("podman-drops-worker-0"))
                                .orElse(false))
                        .toList();
                streams.forEach(ProcessHandle::destroyForcibly);
                killed += streams.size();
            }
            assertThat(job.waitForCompletion(TIMEOUT).succeeded()).isTrue();
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (followed.size() < 3000 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
        }
        assertThat(killed).isEqualTo(2);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            expected.add("line " + i);
        }
        assertThat(followed).containsExactlyElementsOf(expected);
    }

    @Test
    void clusterOnlyOptionsAndGpusAreRefusedBeforeAnythingRuns() throws Exception {
        JobSpec gpu = JobSpec.builder("img")
                .name("podman-gpu")
                .resources(io.jfairing.fairing.deploy.Resources.none().gpus(1))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.submit(JobRequest.of(gpu)))
                .hasMessageContaining("does not pass GPUs");
        assertThat(Files.exists(dir.resolve("jobs/podman-gpu"))).isFalse();
    }
}
