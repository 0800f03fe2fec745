package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A training job's request, the same for {@code %fairing train|tune} and {@code jfairing train|tune}: for local
 * processes the compiled code in a folder of {@code $JFAIRING_HOME/code} (no image); for containers and clusters an
 * image built and pushed first. The run is recorded in the project's metadata store.
 */
public final class TrainingJobs {
    private TrainingJobs() {}

    /** The job's spec once its image is known. */
    @FunctionalInterface
    public interface SpecForImage {
        JobSpec.Builder forImage(String image) throws UsageException;
    }

    /** A step that may fail: what to package, or the image built from it. */
    @FunctionalInterface
    public interface Step<T> {
        T get() throws Exception;
    }

    public static JobRequest prepare(
            Project project,
            Map<String, String> parameters,
            Step<Fairing.Build> build,
            Step<BuiltImage> image,
            SpecForImage spec,
            Backend backend,
            JobOptions job)
            throws Exception {
        JobRequest.Builder request;
        if (backend.name().equals(JobBackends.LOCAL)) {
            CompiledNotebook compiled = build.get().compile();
            String digest = compiled.codeDigest().replace("sha256:", "");
            Path folder =
                    ImageSettings.home().resolve("code").resolve(digest.substring(0, Math.min(16, digest.length())));
            JobSpec built = spec.forImage("jfairing.local/"
                            + compiled.workload()
                                    .name()
                                    .toLowerCase(Locale.ROOT)
                                    .replaceAll("[^a-z0-9._-]+", "-") + ":" + digest.substring(0, 12))
                    .build();
            LocalProgram program = LocalProgram.ofCompiledNotebook(compiled, folder);
            request = JobRequest.builder(built).program(program).metadataUri(project.metadataLocation());
        } else {
            BuiltImage built = image.get();
            request = JobRequest.builder(spec.forImage(built.pinnedReference()).build())
                    .imageDigest(built.digest());
            String location = project.metadataLocation();
            if (location.startsWith("http")) {
                request.metadataUri(location);
            }
        }
        return request.parameters(new LinkedHashMap<>(parameters))
                .record(project.metadata(), project.experiment())
                .cleanup(job.cleanup)
                .build();
    }
}
