package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.project.ConfigException;
import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.extensions.display.HtmlTable;
import io.jfairing.extensions.magic.ArgumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code %fairing config [KEY=VALUE...] [--unset KEY]}: shows, sets and saves the project's settings. */
@Command(name = "config", description = {
        "Show the project's settings, or set them (saved in .jfairing/config.properties next to the notebook).",
        "  %%fairing config                          show every setting",
        "  %%fairing config backend=podman cpu=1     set and save",
        "  %%fairing config --unset registry         back to the default"},
        footer = {"", "Settings: backend, registry, base-image, insecure-registry, namespace, cpu, memory, gpus, experiment, metadata."})
final class ConfigMagic implements Callable<Object> {
    private final Workspace workspace;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Settings to set.")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Settings to return to their default (repeatable).")
    List<String> unset = new ArrayList<>();

    ConfigMagic(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public Object call() throws Exception {
        ProjectConfig config = workspace.config();
        boolean changed = false;
        for (String name : unset) {
            config = config.with(key(name), null);
            changed = true;
        }
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ArgumentException("'" + assignment + "' is not KEY=VALUE (e.g. backend=podman); known keys: " + ConfigKey.names());
            }
            ConfigKey key = key(assignment.substring(0, eq));
            try {
                config = config.with(key, assignment.substring(eq + 1));
            } catch (ConfigException e) {
                throw new ArgumentException(key.key() + ": " + e.getMessage());
            }
            changed = true;
        }
        if (changed) {
            config.save();
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<ConfigKey, String> e : config.effective().entrySet()) {
            String value = e.getValue().isEmpty() ? "(default)" : e.getValue();
            rows.add(List.of(e.getKey().key(), value + (config.isSet(e.getKey()) ? "" : " *"), e.getKey().description()));
        }
        return new HtmlTable((changed ? "saved " : "") + config.project().resolve(ProjectConfig.FILE) + " (* = default)",
                List.of("setting", "value", "meaning"), rows).toDisplayData();
    }

    private static ConfigKey key(String name) throws ArgumentException {
        return ConfigKey.find(name).orElseThrow(() -> new ArgumentException(
                "unknown setting '" + name.strip() + "'; known: " + ConfigKey.names()));
    }
}
