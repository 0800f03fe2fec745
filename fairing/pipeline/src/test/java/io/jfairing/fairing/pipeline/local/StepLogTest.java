package io.jfairing.fairing.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's log file gets every line of a real job (a child JVM) once, followed live or not. */
class StepLogTest {
    @TempDir
    Path dir;

    /** What the job runs: three lines on standard output. */
    public static final class ThreeLines {
        public static void main(String[] args) {
            System.out.println("one");
            System.out.println("two");
            System.out.println("three");
        }
    }

    private JobHandle finished(LocalProcessJobBackend local, String name) throws Exception {
        LocalProgram program = LocalProgram.ofMainClass(
                List.of(Path.of(ThreeLines.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())),
                ThreeLines.class.getName());
        return local.submit(JobRequest.builder(JobSpec.builder("img").name(name).build())
                .program(program)
                .build());
    }

    @Test
    void linesTheLiveStreamDidNotDeliverAreTakenFromTheEndedJobsLog() throws Exception {
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            JobHandle job = finished(local, "unfollowed");
            job.waitForCompletion(Duration.ofMinutes(2));
            Path file = dir.resolve("unfollowed.txt");
            try (StepLog log = new StepLog(file)) {
                log.complete(job); // nothing was followed: a stream closed before it read anything
            }
            assertThat(Files.readAllLines(file)).containsExactly("one", "two", "three");
        }
    }

    @Test
    void aFollowedJobsLinesAreWrittenOnce() throws Exception {
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            Path file = dir.resolve("followed.txt");
            Files.writeString(file, "an earlier try\n");
            JobHandle job = finished(local, "followed");
            try (StepLog log = new StepLog(file)) {
                log.follow(job);
                job.waitForCompletion(Duration.ofMinutes(2));
                log.complete(job);
            }
            assertThat(Files.readAllLines(file)).containsExactly("an earlier try", "one", "two", "three");
        }
    }
}
