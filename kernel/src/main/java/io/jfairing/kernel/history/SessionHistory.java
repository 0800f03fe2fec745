package io.jfairing.kernel.history;

import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells this kernel session ran, answering history requests as IPython does: tail, range, and
 * search with glob patterns ({@code *}, {@code ?}) matched against the whole input.
 */
public final class SessionHistory implements HistoryManager {
    private record Entry(int cell, String input, String output) {}

    private final int session;
    private final List<Entry> entries = new ArrayList<>();

    public SessionHistory(int session) {
        this.session = session;
    }

    /** Records a cell and the text form of its result ({@code ""} when it had none). */
    public synchronized void add(int cell, String input, String output) {
        entries.add(new Entry(cell, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, length));
        return convert(entries.subList(from, entries.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int sessionIndex, int start, int stop, Set<ResultFlag> flags) {
        if (sessionIndex != session && sessionIndex != 0 && sessionIndex != -1) {
            return List.of();
        }
        List<Entry> range = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.cell() >= start && (stop <= 0 || entry.cell() < stop)) {
                range.add(entry);
            }
        }
        return convert(range, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
        Pattern pattern = globToRegex(glob == null || glob.isEmpty() ? "*" : glob);
        List<Entry> matches = new ArrayList<>();
        for (Entry entry : entries) {
            if (pattern.matcher(entry.input()).matches()) {
                matches.add(entry);
            }
        }
        if (flags.contains(ResultFlag.UNIQUE)) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry entry : matches) {
                latest.remove(entry.input());
                latest.put(entry.input(), entry);
            }
            matches = new ArrayList<>(latest.values());
        }
        if (length > 0 && matches.size() > length) {
            matches = matches.subList(matches.size() - length, matches.size());
        }
        return convert(matches, flags);
    }

    private List<HistoryEntry> convert(List<Entry> list, Set<ResultFlag> flags) {
        boolean output = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> result = new ArrayList<>(list.size());
        for (Entry entry : list) {
            result.add(
                    output
                            ? new HistoryEntry(session, entry.cell(), entry.input(), entry.output())
                            : new HistoryEntry(session, entry.cell(), entry.input()));
        }
        return result;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
