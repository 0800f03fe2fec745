package io.jfairing.images.server;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kubeflow notebook server to create: the image, CPU and memory, GPUs, the workspace volume (made if missing and
 * mounted at the home folder), data volumes, and the labels that select PodDefaults (credentials, pipeline access).
 * Build one with {@link #builder(String, String)}; {@link Builder#build()} checks everything before anything is
 * created.
 */
public final class NotebookServerSpec {
    /** Kubernetes names StatefulSets at most 52 characters (a revision hash is added to make pod labels). */
    static final int MAX_NAME = 52;

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    private final String name;
    private final String namespace;
    private final String image;
    private final String cpuRequest;
    private final String cpuLimit;
    private final String memoryRequest;
    private final String memoryLimit;
    private final int gpus;
    private final String gpuResource;
    private final String workspaceClaim;
    private final String workspaceSize;
    private final String storageClass;
    private final List<DataVolume> dataVolumes;
    private final Map<String, String> podDefaultLabels;
    private final List<String> envFromSecrets;
    private final String serviceAccount;
    private final boolean sharedMemory;

    private NotebookServerSpec(Builder b) {
        this.name = b.name;
        this.namespace = b.namespace;
        this.image = b.image;
        this.cpuRequest = b.cpuRequest;
        this.cpuLimit = b.cpuLimit == null ? b.cpuRequest : b.cpuLimit;
        this.memoryRequest = b.memoryRequest;
        this.memoryLimit = b.memoryLimit == null ? b.memoryRequest : b.memoryLimit;
        this.gpus = b.gpus;
        this.gpuResource = b.gpuResource;
        this.workspaceClaim = b.workspaceClaim == null ? b.name + "-workspace" : b.workspaceClaim;
        this.workspaceSize = b.workspaceSize;
        this.storageClass = b.storageClass;
        this.dataVolumes = List.copyOf(b.dataVolumes);
        this.podDefaultLabels = Map.copyOf(b.podDefaultLabels);
        this.envFromSecrets = List.copyOf(b.envFromSecrets);
        this.serviceAccount = b.serviceAccount;
        this.sharedMemory = b.sharedMemory;
    }

    /** A server {@code name} in {@code namespace} (a Kubeflow profile's namespace), with the defaults of Kubeflow's form. */
    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public String image() {
        return image;
    }

    public String cpuRequest() {
        return cpuRequest;
    }

    public String cpuLimit() {
        return cpuLimit;
    }

    public String memoryRequest() {
        return memoryRequest;
    }

    public String memoryLimit() {
        return memoryLimit;
    }

    public int gpus() {
        return gpus;
    }
    /** The extended resource GPUs are counted in ({@code nvidia.com/gpu}, {@code amd.com/gpu}). */
    public String gpuResource() {
        return gpuResource;
    }

    public String workspaceClaim() {
        return workspaceClaim;
    }

    public String workspaceSize() {
        return workspaceSize;
    }
    /** Null for the cluster's default storage class. */
    public String storageClass() {
        return storageClass;
    }

    public List<DataVolume> dataVolumes() {
        return dataVolumes;
    }
    /** Pod labels that PodDefaults select on ({@code access-ml-pipeline: "true"}). */
    public Map<String, String> podDefaultLabels() {
        return podDefaultLabels;
    }
    /** Secrets whose keys become environment variables. */
    public List<String> envFromSecrets() {
        return envFromSecrets;
    }
    /** Null for the namespace's default; Kubeflow's form uses {@code default-editor}. */
    public String serviceAccount() {
        return serviceAccount;
    }
    /** A memory-backed {@code /dev/shm} (PyTorch data loaders need more than the default 64 MB). */
    public boolean sharedMemory() {
        return sharedMemory;
    }

    /** Builds a {@link NotebookServerSpec}; every setter may be left out except {@link #image(String)}. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private String image;
        private String cpuRequest = "500m";
        private String cpuLimit;
        private String memoryRequest = "1Gi";
        private String memoryLimit;
        private int gpus;
        private String gpuResource = "nvidia.com/gpu";
        private String workspaceClaim;
        private String workspaceSize = "10Gi";
        private String storageClass;
        private final List<DataVolume> dataVolumes = new ArrayList<>();
        private final Map<String, String> podDefaultLabels = new LinkedHashMap<>();
        private final List<String> envFromSecrets = new ArrayList<>();
        private String serviceAccount;
        private boolean sharedMemory = true;

        private Builder(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }
        /** CPU request and, unless {@link #cpuLimit} is set, limit ({@code 500m}, {@code 2}). */
        public Builder cpu(String value) {
            this.cpuRequest = value;
            return this;
        }

        public Builder cpuLimit(String value) {
            this.cpuLimit = value;
            return this;
        }
        /** Memory request and, unless {@link #memoryLimit} is set, limit ({@code 1Gi}). */
        public Builder memory(String value) {
            this.memoryRequest = value;
            return this;
        }

        public Builder memoryLimit(String value) {
            this.memoryLimit = value;
            return this;
        }

        public Builder gpus(int count) {
            this.gpus = count;
            return this;
        }

        public Builder gpuResource(String value) {
            this.gpuResource = value;
            return this;
        }
        /** The workspace claim (default {@code NAME-workspace}); created with {@link #workspaceSize} if missing. */
        public Builder workspace(String claim) {
            this.workspaceClaim = claim;
            return this;
        }

        public Builder workspaceSize(String value) {
            this.workspaceSize = value;
            return this;
        }

        public Builder storageClass(String value) {
            this.storageClass = value;
            return this;
        }

        public Builder dataVolume(DataVolume volume) {
            this.dataVolumes.add(Objects.requireNonNull(volume));
            return this;
        }

        public Builder podDefaultLabel(String key, String value) {
            this.podDefaultLabels.put(key, value);
            return this;
        }

        public Builder envFromSecret(String secret) {
            this.envFromSecrets.add(secret);
            return this;
        }

        public Builder serviceAccount(String value) {
            this.serviceAccount = value;
            return this;
        }

        public Builder sharedMemory(boolean value) {
            this.sharedMemory = value;
            return this;
        }

        /** @throws InvalidNotebookServerException with every problem found */
        public NotebookServerSpec build() throws InvalidNotebookServerException {
            List<String> problems = new ArrayList<>();
            dnsName(problems, "name", name, MAX_NAME);
            dnsName(problems, "namespace", namespace, 63);
            if (image == null || image.isBlank()) {
                problems.add(
                        "image is required (a team image, such as registry.example.com/team/data-exploration:2024-06)");
            }
            Quantity cpu = quantity(problems, "cpu", cpuRequest);
            Quantity cpuMax = quantity(problems, "cpu limit", cpuLimit);
            Quantity memory = quantity(problems, "memory", memoryRequest);
            Quantity memoryMax = quantity(problems, "memory limit", memoryLimit);
            if (cpu != null && cpuMax != null && cpu.getNumericalAmount().compareTo(cpuMax.getNumericalAmount()) > 0) {
                problems.add("the cpu request " + cpuRequest + " is more than the limit " + cpuLimit);
            }
            if (memory != null
                    && memoryMax != null
                    && memory.getNumericalAmount().compareTo(memoryMax.getNumericalAmount()) > 0) {
                problems.add("the memory request " + memoryRequest + " is more than the limit " + memoryLimit);
            }
            if (gpus < 0) {
                problems.add("gpus must be 0 or more, not " + gpus);
            }
            if (gpus > 0 && !LABEL_KEY.matcher(gpuResource).matches()) {
                problems.add("'" + gpuResource + "' is not a resource name (nvidia.com/gpu, amd.com/gpu)");
            }
            if (workspaceClaim != null) {
                dnsName(problems, "workspace", workspaceClaim, 63);
            }
            quantity(problems, "workspace size", workspaceSize);
            List<String> paths = new ArrayList<>(List.of("/home/jovyan", "/dev/shm"));
            for (DataVolume volume : dataVolumes) {
                dnsName(problems, "data volume claim", volume.claimName(), 63);
                if (!volume.mountPath().startsWith("/")) {
                    problems.add("data volume " + volume.claimName() + ": mount path '" + volume.mountPath()
                            + "' must be absolute");
                } else if (paths.stream()
                        .anyMatch(p -> volume.mountPath().equals(p)
                                || volume.mountPath().startsWith(p + "/")
                                || p.startsWith(volume.mountPath() + "/"))) {
                    problems.add("data volume " + volume.claimName() + ": " + volume.mountPath()
                            + " overlaps another mount (" + String.join(", ", paths) + ")");
                }
                paths.add(volume.mountPath());
            }
            podDefaultLabels.forEach((key, value) -> {
                if (!LABEL_KEY.matcher(key).matches()
                        || !LABEL_VALUE.matcher(value).matches()
                        || value.length() > 63) {
                    problems.add("'" + key + "=" + value + "' is not a valid label for a PodDefault selector");
                }
            });
            for (String secret : envFromSecrets) {
                dnsName(problems, "secret", secret, 253);
            }
            if (!problems.isEmpty()) {
                throw new InvalidNotebookServerException(problems);
            }
            return new NotebookServerSpec(this);
        }

        private static void dnsName(List<String> problems, String what, String value, int max) {
            if (value == null || !NAME.matcher(value).matches() || value.length() > max) {
                problems.add(what + " '" + value + "' must be lower-case letters, digits and '-', starting and ending "
                        + "with a letter or digit, at most " + max + " characters");
            }
        }

        private static Quantity quantity(List<String> problems, String what, String value) {
            if (value == null) {
                return null;
            }
            if (!QUANTITY.matcher(value).matches()) {
                problems.add(what + " '" + value + "' is not a Kubernetes quantity (such as 500m, 2, 1Gi, 512Mi)");
                return null;
            }
            return new Quantity(value);
        }
    }
}
