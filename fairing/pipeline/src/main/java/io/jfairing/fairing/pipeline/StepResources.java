package io.jfairing.fairing.pipeline;

/**
 * What a step asks of its node: CPU and memory limits as Kubernetes quantities ({@code "2"}, {@code "4Gi"}), GPUs and
 * their accelerator type ({@code nvidia.com/gpu}); null or 0 for none.
 */
public record StepResources(String cpu, String memory, int gpus, String accelerator) {
    public static final StepResources NONE = new StepResources(null, null, 0, null);

    public StepResources {
        if (gpus < 0) {
            throw new IllegalArgumentException("gpus cannot be negative: " + gpus);
        }
    }

    /** Reads {@code cpu=2,memory=4Gi,gpu=1,accelerator=nvidia.com/gpu} (as a {@code resources:} tag gives it). */
    public static StepResources parse(String text) throws PipelineException {
        String cpu = null;
        String memory = null;
        int gpus = 0;
        String accelerator = null;
        for (String pair : text.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new PipelineException(
                        "resources take KEY=VALUE pairs (cpu=2,memory=4Gi,gpu=1), not '" + pair + "'");
            }
            switch (kv[0].trim()) {
                case "cpu" -> cpu = kv[1].trim();
                case "memory" -> memory = kv[1].trim();
                case "gpu", "gpus" -> {
                    try {
                        gpus = Integer.parseInt(kv[1].trim());
                    } catch (NumberFormatException e) {
                        throw new PipelineException("gpu takes a whole number, not '" + kv[1] + "'");
                    }
                }
                case "accelerator" -> accelerator = kv[1].trim();
                default ->
                    throw new PipelineException(
                            "unknown resource '" + kv[0].trim() + "': use cpu, memory, gpu or accelerator");
            }
        }
        return new StepResources(cpu, memory, gpus, accelerator);
    }

    /** These resources with those {@code other} sets over them (one tag may give the CPU, another the GPUs). */
    public StepResources with(StepResources other) {
        return new StepResources(
                other.cpu != null ? other.cpu : cpu,
                other.memory != null ? other.memory : memory,
                other.gpus > 0 ? other.gpus : gpus,
                other.accelerator != null ? other.accelerator : accelerator);
    }

    public boolean isNone() {
        return cpu == null && memory == null && gpus == 0;
    }
}
