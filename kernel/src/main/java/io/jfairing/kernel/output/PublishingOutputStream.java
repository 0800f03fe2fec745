package io.jfairing.kernel.output;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Collects bytes written by a cell and hands them on as text: on {@link #flush()}, which the kernel calls
 * on newlines, every few milliseconds while a cell runs, and at its end. Never splits a UTF-8 sequence.
 */
final class PublishingOutputStream extends OutputStream {
    private static final int MAX_BUFFER = 64 * 1024;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final Consumer<String> sink;

    PublishingOutputStream(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
        if (buffer.size() >= MAX_BUFFER) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        buffer.write(bytes, offset, length);
        if (buffer.size() >= MAX_BUFFER) {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        int complete = completeUtf8Length(bytes);
        buffer.reset();
        buffer.write(bytes, complete, bytes.length - complete);
        if (complete > 0) {
            sink.accept(new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
    }

    /** The length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
    static int completeUtf8Length(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = bytes[end - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte; look further back for the lead byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? end - back : end;
        }
        return end;
    }
}
