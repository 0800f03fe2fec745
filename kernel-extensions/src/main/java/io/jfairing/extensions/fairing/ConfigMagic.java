package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.project.ConfigOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code %fairing config [KEY=VALUE...] [--unset KEY]}: shows, sets and saves the project's settings. */
@Command(
        name = "config",
        description = {
            "Show the project's settings, or set them (saved in .jfairing/config.properties next to the notebook).",
            "  %%fairing config                          show every setting",
            "  %%fairing config backend=podman cpu=1     set and save",
            "  %%fairing config --unset registry         back to the default"
        },
        footer = {
            "",
            "Settings: backend, registry, base-image, insecure-registry, namespace, cpu, memory, gpus, experiment, metadata."
        })
final class ConfigMagic implements Callable<Object> {
    private final Workspace workspace;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    ConfigMagic(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public Object call() throws Exception {
        return JobMagics.html(options.apply(workspace.config()));
    }
}
