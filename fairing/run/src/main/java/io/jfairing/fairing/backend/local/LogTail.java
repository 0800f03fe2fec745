package io.jfairing.fairing.backend.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a growing log file line by line from a byte offset: only complete lines, each once, in order; the last
 * unterminated line once the writer has ended. The offset survives reopening, so a follower that stops resumes
 * exactly where it stopped.
 */
final class LogTail {
    private final Path file;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long offset;

    LogTail(Path file) {
        this.file = file;
    }

    /**
     * Emits the complete lines written since the last call; with {@code ended}, also the last line that lacks its
     * terminator. Returns how many lines it emitted.
     */
    int poll(boolean ended, Consumer<String> sink) throws IOException {
        int lines = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    break;
                }
                offset += n;
                byte[] bytes = buffer.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        partial.write(bytes, start, i - start);
                        sink.accept(line());
                        lines++;
                        start = i + 1;
                    }
                }
                partial.write(bytes, start, n - start);
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (ended && partial.size() > 0) {
            sink.accept(line());
            lines++;
        }
        return lines;
    }

    private String line() {
        String text = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Every line of a finished or growing file now (the unterminated last line included). */
    static List<String> readAll(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(file)) {
            new LogTail(file).poll(true, out::add);
        }
        return out;
    }

    /** The last {@code n} lines of the file, read from its end (large logs are not read whole). */
    static List<String> lastLines(Path file, int n) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        long size = Files.size(file);
        long from = Math.max(0, size - 64L * 1024);
        LogTail tail = new LogTail(file);
        tail.offset = from;
        List<String> lines = new ArrayList<>();
        tail.poll(true, lines::add);
        if (from > 0 && !lines.isEmpty()) {
            lines.remove(0); // probably cut
        }
        return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
    }
}
