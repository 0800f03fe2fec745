package io.jfairing.runtime.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Line buffering, as C's stdio does on a terminal: bytes are held until a newline, then each complete line goes to
 * the target in one write. A container runtime stamps every write as a log entry; a {@code printf} whose pieces left
 * one by one would come back from {@code podman logs} cut into pieces. {@link #flush()} sends what is held.
 */
final class LineBuffer extends OutputStream {
    private static final int MAX_HELD = 64 * 1024;

    private final OutputStream target;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    LineBuffer(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        held.write(b);
        if (b == '\n' || held.size() >= MAX_HELD) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int lastNewline = -1;
        for (int i = off + len - 1; i >= off; i--) {
            if (b[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            held.write(b, off, len);
            if (held.size() >= MAX_HELD) {
                flush();
            }
            return;
        }
        held.write(b, off, lastNewline + 1 - off);
        flush();
        held.write(b, lastNewline + 1, off + len - lastNewline - 1);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (held.size() > 0) {
            target.write(held.toByteArray());
            held.reset();
        }
        target.flush();
    }
}
