package io.jfairing.fairing.bench;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.PodmanJobs;
import io.jfairing.fairing.testing.Registry;
import io.jfairing.fairing.testing.workloads.Lines;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The training-job benchmark: a trivial job (one JVM that prints one line) from submit to its first log line and to
 * its completion seen by {@code waitForCompletion}, on the local process backend and the podman backend, against the
 * same main class run directly ({@code java -cp ... Main}) and the same image run directly ({@code podman run --rm}).
 * Runs alternate; one warm-up round is not counted; each job is deleted after it was timed. Prints a Markdown table (median and p90, milliseconds).
 *
 * <p>Run with {@code fairing/bench/run-job-bench.sh}. The podman rows need docker-registry, podman, runc and skopeo.
 */
public final class JobBench {
    private static final int REPEATS = Integer.getInteger("repeats", 15);

    private JobBench() {}

    private record Sample(double firstLineMs, double doneMs) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("jfairing-job-bench-");
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        List<Path> classpath = List.of(
                Path.of(Lines.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                Path.of(LocalProgram.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()));
        LocalProgram program = LocalProgram.ofMainClass(classpath, Lines.class.getName(), "1");
        List<String> direct = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(
                        File.pathSeparator,
                        classpath.stream().map(Path::toString).toList()),
                Lines.class.getName(),
                "1"));
        try (LocalProcessJobBackend local = LocalProcessJobBackend.builder()
                .stateDirectory(work.resolve("jobs"))
                .build()) {
            for (int i = 0; i <= REPEATS; i++) {
                Sample d = process(direct, Map.of());
                Sample l = job(
                        local,
                        JobRequest.builder(JobSpec.builder("local")
                                        .name("bench-local-" + i)
                                        .build())
                                .program(program)
                                .build());
                if (i > 0) {
                    results.computeIfAbsent("`java -cp ... Main` (direct)", k -> new ArrayList<>())
                            .add(d);
                    results.computeIfAbsent("local process backend", k -> new ArrayList<>())
                            .add(l);
                }
            }
        }
        String podmanNote = "";
        if (Registry.available() && Containers.available()) {
            podman(work, results);
        } else {
            podmanNote = "\npodman rows: not measured (needs docker-registry, podman, runc, skopeo: bin/setup-deps)\n";
        }
        System.out.println("| run | submit -> first line, median | p90 | submit -> completion, median | p90 | n |");
        System.out.println("|---|---|---|---|---|---|");
        results.forEach((name, samples) -> System.out.printf(
                Locale.ROOT,
                "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d |%n",
                name,
                percentile(samples, true, 50),
                percentile(samples, true, 90),
                percentile(samples, false, 50),
                percentile(samples, false, 90),
                samples.size()));
        System.out.print(podmanNote);
        System.out.println("\n" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.exit(0);
    }

    private static void podman(Path work, Map<String, List<Sample>> results) throws Exception {
        try (Registry registry = Registry.plain();
                Containers containers = new Containers(List.of(registry.host()))) {
            String base = registry.host() + "/bench/jre:17";
            JlinkBaseImage.builder()
                    .insecure(true)
                    .build()
                    .build(ImageTarget.registry(base).withCredentials(RegistryCredentials.none()));
            Path notebook = work.resolve("hello.ipynb");
            NotebookWriter.write(
                    new Notebook("hello.ipynb", List.of(NotebookCell.code(1, "System.out.println(\"line 1\");"))),
                    notebook);
            BuiltImage image = Fairing.notebook(notebook)
                    .baseImage(BaseImage.registry(base).withCredentials(RegistryCredentials.none()))
                    .insecureRegistries(true)
                    .build(ImageTarget.registry(registry.host() + "/bench/hello:1")
                            .withCredentials(RegistryCredentials.none()));
            try (PodmanJobs jobs = PodmanJobs.start(containers, work.resolve("podman-jobs"))) {
                Podman podman = jobs.podman();
                podman.pull(image.reference(), false);
                List<String> direct = List.of("podman", "run", "--rm", "--network", "host", image.reference());
                Map<String, String> env = podman.environment();
                PodmanJobBackend backend = jobs.backend();
                for (int i = 0; i <= REPEATS; i++) {
                    Sample d = process(direct, env);
                    Sample p = job(
                            backend,
                            JobRequest.builder(JobSpec.builder(image.reference())
                                            .name("bench-podman-" + i)
                                            .build())
                                    .build());
                    if (i > 0) {
                        results.computeIfAbsent("`podman run --rm IMAGE` (direct)", k -> new ArrayList<>())
                                .add(d);
                        results.computeIfAbsent("podman backend", k -> new ArrayList<>())
                                .add(p);
                    }
                }
            }
        }
    }

    private static Sample process(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long t0 = System.nanoTime();
        Process process = builder.start();
        long first = 0;
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (first == 0) {
                    first = System.nanoTime();
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        long done = System.nanoTime();
        return new Sample((first - t0) / 1e6, (done - t0) / 1e6);
    }

    private static Sample job(Backend backend, JobRequest request) throws Exception {
        AtomicLong first = new AtomicLong();
        CountDownLatch line = new CountDownLatch(1);
        long t0 = System.nanoTime();
        JobHandle job = backend.submit(request);
        try (JobHandle.Subscription logs = job.followLogs(l -> {
            first.compareAndSet(0, System.nanoTime());
            line.countDown();
        })) {
            JobOutcome outcome = job.waitForCompletion(Duration.ofMinutes(2));
            long done = System.nanoTime();
            if (!outcome.succeeded() || !line.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException(outcome.describe());
            }
            Sample sample = new Sample((first.get() - t0) / 1e6, (done - t0) / 1e6);
            job.delete();
            return sample;
        }
    }

    private static double percentile(List<Sample> samples, boolean firstLine, int p) {
        List<Double> values = new ArrayList<>(samples.stream()
                .map(s -> firstLine ? s.firstLineMs() : s.doneMs())
                .toList());
        values.sort(Double::compare);
        int rank = (int) Math.ceil(p / 100.0 * values.size()) - 1;
        return values.get(Math.max(0, Math.min(rank, values.size() - 1)));
    }
}
