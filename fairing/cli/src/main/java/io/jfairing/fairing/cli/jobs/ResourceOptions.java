package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.deploy.Resources;
import picocli.CommandLine.Option;

/** {@code --cpu}, {@code --memory} and {@code --gpus} of a job's replica or a model server, else the project's settings. */
public final class ResourceOptions {
    @Option(names = "--cpu", paramLabel = "QUANTITY", description = "CPU request (default: the cpu setting).")
    String cpu;

    @Option(
            names = "--memory",
            paramLabel = "QUANTITY",
            description = "Memory request and limit (default: the memory setting).")
    String memory;

    @Option(names = "--gpus", paramLabel = "N", description = "nvidia.com/gpu (default: the gpus setting).")
    Integer gpus;

    /** The resources asked for; a bad quantity is an {@code InvalidJobSpecException} naming it. */
    public Resources resources(ProjectConfig config) {
        Resources resources = Resources.none();
        String c = cpu != null ? cpu : config.get(ConfigKey.CPU);
        String m = memory != null ? memory : config.get(ConfigKey.MEMORY);
        int g = gpus != null ? gpus : Integer.parseInt(config.get(ConfigKey.GPUS));
        if (!c.isBlank()) {
            resources = resources.cpu(c);
        }
        if (!m.isBlank()) {
            resources = resources.memory(m, m);
        }
        return g != 0 ? resources.gpus(g) : resources;
    }
}
