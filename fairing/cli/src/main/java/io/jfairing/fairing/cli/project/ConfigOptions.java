package io.jfairing.fairing.cli.project;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code [KEY=VALUE...] [--unset KEY]}: what {@code %fairing config} and {@code jfairing config} set and show. */
public final class ConfigOptions {
    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Settings to set.")
    public List<String> assignments = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Settings to return to their default (repeatable).")
    public List<String> unset = new ArrayList<>();

    /** Sets and saves what these options say (nothing when they say nothing), and returns every setting. */
    public ResultTable apply(ProjectConfig config) throws UsageException, ConfigException {
        boolean changed = false;
        for (String name : unset) {
            config = config.with(key(name), null);
            changed = true;
        }
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("'" + assignment + "' is not KEY=VALUE (e.g. backend=podman); known keys: "
                        + ConfigKey.names());
            }
            ConfigKey key = key(assignment.substring(0, eq));
            try {
                config = config.with(key, assignment.substring(eq + 1));
            } catch (ConfigException e) {
                throw new UsageException(key.key() + ": " + e.getMessage());
            }
            changed = true;
        }
        if (changed) {
            config.save();
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<ConfigKey, String> e : config.effective().entrySet()) {
            String value = e.getValue().isEmpty() ? "(default)" : e.getValue();
            rows.add(List.of(
                    e.getKey().key(),
                    value + (config.isSet(e.getKey()) ? "" : " *"),
                    e.getKey().description()));
        }
        return new ResultTable(
                (changed ? "saved " : "") + config.project().resolve(ProjectConfig.FILE) + " (* = default)",
                List.of("setting", "value", "meaning"),
                rows);
    }

    private static ConfigKey key(String name) throws UsageException {
        return ConfigKey.find(name)
                .orElseThrow(() ->
                        new UsageException("unknown setting '" + name.strip() + "'; known: " + ConfigKey.names()));
    }
}
