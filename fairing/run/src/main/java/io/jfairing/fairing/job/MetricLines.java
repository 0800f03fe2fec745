package io.jfairing.fairing.job;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metrics a trial printed, read as Katib's StdOut collector reads them: {@code name=value} pairs anywhere in a line
 * (several per line allowed, e.g. {@code epoch 3: loss=0.21 accuracy=0.93}); the last value of each wins.
 */
public final class MetricLines {
    private static final Pattern PAIR =
            Pattern.compile("([\\w-]+)\\s*=\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)(?![\\w.])");

    private MetricLines() {}

    /** The values of {@code names} found in {@code lines}, the last one of each. */
    public static Map<String, Double> parse(Iterable<String> lines, Collection<String> names) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = PAIR.matcher(line);
            while (m.find()) {
                if (names.contains(m.group(1))) {
                    try {
                        out.put(m.group(1), Double.parseDouble(m.group(2)));
                    } catch (NumberFormatException ignored) {
                        // not a number after all
                    }
                }
            }
        }
        return out;
    }
}
