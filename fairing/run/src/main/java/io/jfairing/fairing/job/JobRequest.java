package io.jfairing.fairing.job;

import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run and how to keep track of it: the {@link JobSpec} (the same description every backend and every job
 * kind is made from), the {@link LocalProgram} for the local process backend, the parameters and image digest to
 * record, the metadata store to record the run in, the {@link CleanupPolicy}, and the {@link HostFolder}s a container
 * on this machine sees. Immutable.
 *
 * <pre>{@code
 * JobRequest request = JobRequest.builder(spec)
 *         .program(LocalProgram.ofNotebook(codeDir, libs))
 *         .imageDigest(image.digest())
 *         .parameters(Map.of("epochs", "20"))
 *         .record(store, "mnist")
 *         .cleanup(CleanupPolicy.DELETE_ON_SUCCESS)
 *         .build();
 * }</pre>
 */
public final class JobRequest {
    private final JobSpec spec;
    private final LocalProgram program;
    private final Map<String, String> parameters;
    private final String imageDigest;
    private final MetadataStore store;
    private final String experiment;
    private final String metadataUri;
    private final CleanupPolicy cleanup;
    private final List<String> collectedMetrics;
    private final List<HostFolder> hostFolders;

    private JobRequest(Builder b) {
        this.spec = b.spec;
        this.program = b.program;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.imageDigest = b.imageDigest;
        this.store = b.store;
        this.experiment = b.experiment;
        this.metadataUri = b.metadataUri;
        this.cleanup = b.cleanup;
        this.collectedMetrics = List.copyOf(b.collectedMetrics);
        this.hostFolders = List.copyOf(b.hostFolders);
    }

    /** A request with nothing but the spec: not recorded, nothing cleaned up. */
    public static JobRequest of(JobSpec spec) {
        return builder(spec).build();
    }

    public static Builder builder(JobSpec spec) {
        return new Builder(spec);
    }

    public Builder toBuilder() {
        return toBuilder(spec);
    }

    /** A builder holding everything this request holds but with {@code otherSpec} (a tuning trial, a renamed job). */
    public Builder toBuilder(JobSpec otherSpec) {
        Builder b = new Builder(otherSpec);
        b.program = program;
        b.parameters.putAll(parameters);
        b.imageDigest = imageDigest;
        b.store = store;
        b.experiment = experiment;
        b.metadataUri = metadataUri;
        b.cleanup = cleanup;
        b.collectedMetrics = collectedMetrics;
        b.hostFolders.addAll(hostFolders);
        return b;
    }

    public JobSpec spec() {
        return spec;
    }

    /** What the local process backend runs; null when only an image was given. */
    public LocalProgram program() {
        return program;
    }

    /** The notebook parameters the workload was built with (recorded as the run's params). */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** {@code sha256:...} of the image, when it was built by jfairing; null otherwise. */
    public String imageDigest() {
        return imageDigest;
    }

    /** Where the job's run is recorded; null when it is not. */
    public MetadataStore store() {
        return store;
    }

    /** The experiment the run goes into (default: the job's name). */
    public String experiment() {
        return experiment != null ? experiment : spec.name();
    }

    /**
     * The store's address as the job's replicas reach it ({@link JobEnvironment#METADATA_URI}): a server URL for
     * pods, or a SQLite file for local processes; null when replicas do not log into the run themselves.
     */
    public String metadataUri() {
        return metadataUri;
    }

    /**
     * Metrics read from the first replica's output ({@code name=value} lines, as Katib's StdOut collector reads them)
     * and logged to the job's run before it ends; empty for none.
     */
    public List<String> collectedMetrics() {
        return collectedMetrics;
    }

    public CleanupPolicy cleanup() {
        return cleanup;
    }

    /** Files and folders of this machine the job's containers see (podman only; empty for none). */
    public List<HostFolder> hostFolders() {
        return hostFolders;
    }

    /** Builds a {@link JobRequest}. */
    public static final class Builder {
        private final JobSpec spec;
        private LocalProgram program;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private String imageDigest;
        private MetadataStore store;
        private String experiment;
        private String metadataUri;
        private CleanupPolicy cleanup = CleanupPolicy.KEEP;
        private List<String> collectedMetrics = List.of();
        private final List<HostFolder> hostFolders = new ArrayList<>();

        private Builder(JobSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        public Builder program(LocalProgram value) {
            this.program = value;
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder parameters(Map<String, String> values) {
            values.forEach(this::parameter);
            return this;
        }

        public Builder imageDigest(String digest) {
            this.imageDigest = digest;
            return this;
        }

        /** Records the job as a run of {@code experimentName} in {@code metadataStore}. */
        public Builder record(MetadataStore metadataStore, String experimentName) {
            this.store = Objects.requireNonNull(metadataStore, "metadataStore");
            this.experiment = experimentName;
            return this;
        }

        public Builder metadataUri(String uri) {
            this.metadataUri = uri;
            return this;
        }

        /** See {@link JobRequest#collectedMetrics()}. */
        public Builder collectMetrics(java.util.Collection<String> names) {
            this.collectedMetrics = List.copyOf(names);
            return this;
        }

        public Builder cleanup(CleanupPolicy policy) {
            this.cleanup = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Shows {@code folder} to the job's containers (see {@link HostFolder}); repeatable. */
        public Builder hostFolder(HostFolder folder) {
            hostFolders.add(Objects.requireNonNull(folder, "folder"));
            return this;
        }

        public JobRequest build() {
            return new JobRequest(this);
        }
    }
}
