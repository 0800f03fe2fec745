package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.deploy.KubernetesRules;
import io.jfairing.fairing.deploy.Resources;

/**
 * What a step asks of its node: CPU and memory limits and requests as Kubernetes quantities ({@code "2"},
 * {@code "500m"}, {@code "4Gi"}), GPUs and their accelerator type ({@code nvidia.com/gpu}); null or 0 for none. A
 * quantity Kubernetes would refuse, or a request above its limit, is refused here.
 */
public record StepResources(
        String cpu, String memory, int gpus, String accelerator, String cpuRequest, String memoryRequest) {
    public static final StepResources NONE = new StepResources(null, null, 0, null);

    /** The accelerator type a GPU count without one asks for. */
    public static final String DEFAULT_ACCELERATOR = Resources.GPU;

    public StepResources {
        if (gpus < 0) {
            throw new IllegalArgumentException("gpus cannot be negative: " + gpus);
        }
        Resources checked = Resources.none();
        if (cpu != null) {
            checked = checked.limit("cpu", cpu);
        }
        if (memory != null) {
            checked = checked.limit("memory", memory);
        }
        if (cpuRequest != null) {
            checked = checked.request("cpu", cpuRequest);
        }
        if (memoryRequest != null) {
            checked = checked.request("memory", memoryRequest);
        }
        checked.validated("step resources");
        if (accelerator != null) {
            KubernetesRules.qualifiedName("accelerator", accelerator);
        }
    }

    /** Limits only, as a {@code resources:cpu=2,memory=4Gi,gpu=1} tag gives them. */
    public StepResources(String cpu, String memory, int gpus, String accelerator) {
        this(cpu, memory, gpus, accelerator, null, null);
    }

    /**
     * Reads {@code cpu=2,memory=4Gi,gpu=1,accelerator=nvidia.com/gpu,cpu-request=1,memory-request=2Gi} (as a
     * {@code resources:} tag gives it; {@code cpu} and {@code memory} are limits, also written {@code cpu-limit} and
     * {@code memory-limit}).
     */
    public static StepResources parse(String text) throws PipelineException {
        String cpu = null;
        String memory = null;
        String cpuRequest = null;
        String memoryRequest = null;
        int gpus = 0;
        String accelerator = null;
        for (String pair : text.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new PipelineException(
                        "resources take KEY=VALUE pairs (cpu=2,memory=4Gi,gpu=1), not '" + pair + "'");
            }
            String value = kv[1].trim();
            switch (kv[0].trim()) {
                case "cpu", "cpu-limit" -> cpu = value;
                case "memory", "memory-limit" -> memory = value;
                case "cpu-request" -> cpuRequest = value;
                case "memory-request" -> memoryRequest = value;
                case "gpu", "gpus" -> {
                    try {
                        gpus = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new PipelineException("gpu takes a whole number, not '" + kv[1] + "'");
                    }
                }
                case "accelerator" -> accelerator = value;
                default ->
                    throw new PipelineException("unknown resource '" + kv[0].trim()
                            + "': use cpu, memory, cpu-request, memory-request, gpu or accelerator");
            }
        }
        try {
            return new StepResources(cpu, memory, gpus, accelerator, cpuRequest, memoryRequest);
        } catch (IllegalArgumentException e) {
            throw new PipelineException("resources '" + text + "': " + e.getMessage());
        }
    }

    /** These resources with those {@code other} sets over them (one tag may give the CPU, another the GPUs). */
    public StepResources with(StepResources other) {
        return new StepResources(
                other.cpu != null ? other.cpu : cpu,
                other.memory != null ? other.memory : memory,
                other.gpus > 0 ? other.gpus : gpus,
                other.accelerator != null ? other.accelerator : accelerator,
                other.cpuRequest != null ? other.cpuRequest : cpuRequest,
                other.memoryRequest != null ? other.memoryRequest : memoryRequest);
    }

    /** The accelerators asked for: the GPU count, or 1 for an accelerator type without one (as the SDK counts it). */
    public int acceleratorCount() {
        return gpus > 0 ? gpus : accelerator != null ? 1 : 0;
    }

    public boolean isNone() {
        return cpu == null && memory == null && acceleratorCount() == 0 && cpuRequest == null && memoryRequest == null;
    }
}
