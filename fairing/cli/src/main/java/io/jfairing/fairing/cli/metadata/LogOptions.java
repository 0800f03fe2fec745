package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.metadata.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code %metadata log} and {@code jfairing metadata log} write: numbers as metrics, other values as params, a note. */
public final class LogOptions {
    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Metrics (numbers) and params (text).")
    public List<String> pairs = new ArrayList<>();

    @Option(names = "--note", paramLabel = "TEXT", description = "A free-text note (the run's jfairing.note tag).")
    public String note;

    @Option(names = "--step", defaultValue = "0", description = "The step of the metrics (default: ${DEFAULT-VALUE}).")
    public long step;

    /** Fails, before any run is touched, when there is nothing to log or a pair is not KEY=VALUE. */
    public void check() throws UsageException {
        if (pairs.isEmpty() && note == null) {
            throw new UsageException("nothing to log: give KEY=VALUE pairs or --note TEXT");
        }
        for (String pair : pairs) {
            if (pair.indexOf('=') <= 0) {
                throw new UsageException("'" + pair + "' is not KEY=VALUE");
            }
        }
    }

    /** Logs into {@code run} and says what was logged. */
    public String logInto(Run run) throws UsageException {
        check();
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String key = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            try {
                metrics.put(key, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                params.put(key, value);
            }
        }
        params.forEach(run::logParam);
        metrics.forEach((k, v) -> run.logMetric(k, v, step));
        if (note != null) {
            run.setTag("jfairing.note", note);
        }
        run.flush();
        return "logged " + (metrics.size() + params.size()) + " value(s)" + (note != null ? " and a note" : "")
                + " into run " + run.id();
    }
}
