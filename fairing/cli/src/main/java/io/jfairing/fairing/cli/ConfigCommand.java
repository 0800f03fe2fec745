package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.project.ConfigOptions;
import io.jfairing.fairing.cli.project.Project;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jfairing config [KEY=VALUE...] [--unset KEY]}: the twin of {@code %fairing config}. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Show the project's settings, or set them (saved in .jfairing/config.properties of --project, the notebooks' folder).",
            "  jfairing config                          show every setting",
            "  jfairing config backend=podman cpu=1     set and save",
            "  jfairing config --unset registry         back to the default"
        },
        footer = {
            "",
            "Settings: backend, registry, base-image, insecure-registry, namespace, cpu, memory, gpus, experiment, metadata."
        })
final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProjectOption projectOption = new ProjectOption();

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        try (Project project = projectOption.open(null)) {
            output.print(spec.commandLine().getOut(), options.apply(project.config()));
            return 0;
        }
    }
}
