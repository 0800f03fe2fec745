package io.jfairing.metadata.server;

import io.jfairing.metadata.Limits;
import io.jfairing.metadata.wire.Json;
import io.jfairing.metadata.wire.Wire;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata server's HTTP/1.1 transport, built for clients that are slow, idle or hostile: each connection has
 * its own I/O thread, so a client that sends half a request holds only its own connection, never one of the
 * {@code workers} that run requests against the store; a request whose head (request line and headers) or body
 * does not arrive in time gets a 408 and the connection is closed; connections are limited in all and per client
 * address (idle keep-alive connections are closed first to make room). Every answer the transport makes itself is
 * a JSON error like the server's. Bodies need a {@code Content-Length} (no chunked uploads); {@code Expect:
 * 100-continue} is honoured; HEAD answers carry no body.
 */
final class HttpTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_HEAD_BYTES = 32 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final long DRAIN_CAP = 16L * Limits.MAX_REQUEST_BYTES;
    /** Connection threads parse HTTP and call into the store: a small stack is plenty, and there may be hundreds. */
    private static final long STACK_BYTES = 512 * 1024;

    /** A request as read off the wire; header names are lower case. */
    record Exchange(String method, String target, Map<String, List<String>> headers, byte[] body, InetAddress client) {
        /** The header's only value; null when absent. */
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        int count(String name) {
            List<String> v = headers.get(name);
            return v == null ? 0 : v.size();
        }
    }

    /** An answer: status, extra headers, body (null: none) and its content type. */
    record Answer(int status, Map<String, String> headers, byte[] body, String contentType) {}

    @FunctionalInterface
    interface Handler {
        Answer handle(Exchange exchange);
    }

    /** Timeouts and limits. */
    record Settings(
            int workers,
            int maxConnections,
            int maxConnectionsPerClient,
            Duration headerTimeout,
            Duration bodyTimeout,
            Duration idleTimeout,
            Duration writeTimeout) {}

    private final Handler handler;
    private final Settings settings;
    private final ServerSocket socket;
    private final Semaphore workers;
    private final Thread acceptor;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
    /** Open connections; the value is true while the connection waits for its next request. */
    private final Map<Socket, Boolean> connections = new ConcurrentHashMap<>();

    private final AtomicInteger threadIds = new AtomicInteger();
    /** Connections writing an answer, and when they must be done (a client that stops reading is cut off). */
    private final Map<Socket, Long> writing = new ConcurrentHashMap<>();

    private final Thread reaper;
    private volatile boolean closed;

    /** Binds; {@link #start} serves. */
    HttpTransport(InetAddress address, int port, Settings settings, Handler handler) throws IOException {
        this.handler = handler;
        this.settings = settings;
        this.workers = new Semaphore(settings.workers());
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(address, port), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
        this.acceptor = new Thread(this::acceptLoop, "jfairing-metadata-accept-" + s.getLocalPort());
        acceptor.setDaemon(true);
        this.reaper = new Thread(this::reapLoop, "jfairing-metadata-reaper-" + s.getLocalPort());
        reaper.setDaemon(true);
    }

    /** Starts accepting connections (the socket is bound already, so the port is known before the first request). */
    void start() {
        acceptor.start();
        reaper.start();
    }

    /** Blocking writes have no timeout of their own: close the sockets of answers that take too long to go out. */
    private void reapLoop() {
        while (!closed) {
            try {
                Thread.sleep(Math.max(10, Math.min(1000, settings.writeTimeout().toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            writing.forEach((s, deadline) -> {
                if (now - deadline > 0) {
                    log.debug(
                            "closing the connection from {}: it did not read its answer within {} ms",
                            s.getInetAddress(),
                            settings.writeTimeout().toMillis());
                    closeQuietly(s);
                }
            });
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        connections.forEach((c, idle) -> {
            if (idle) {
                closeQuietly(c);
            }
        });
        // let requests in flight finish (bounded), then drop whatever is left
        try {
            if (workers.tryAcquire(settings.workers(), 5, TimeUnit.SECONDS)) {
                workers.release(settings.workers());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.keySet().forEach(HttpTransport::closeQuietly);
        reaper.interrupt();
        try {
            if (acceptor.isAlive()) {
                acceptor.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- connections

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accepting a connection failed: {}", e.getMessage());
                }
                continue;
            }
            InetAddress client = s.getInetAddress();
            String refusal = admit(client);
            if (refusal != null) {
                refuse(s, refusal);
                continue;
            }
            connections.put(s, Boolean.FALSE);
            Thread t = new Thread(
                    null,
                    () -> {
                        try {
                            serve(s);
                        } finally {
                            connections.remove(s);
                            closeQuietly(s);
                            open.decrementAndGet();
                            perClient.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
                        }
                    },
                    "jfairing-metadata-conn-" + threadIds.incrementAndGet(),
                    STACK_BYTES);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Counts the connection in, or says why not (closing an idle connection to make room when it can). */
    private String admit(InetAddress client) {
        boolean overClient =
                perClient.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet()
                        > settings.maxConnectionsPerClient();
        boolean overTotal = open.incrementAndGet() > settings.maxConnections();
        if (!overClient && !overTotal) {
            return null;
        }
        for (Map.Entry<Socket, Boolean> e : connections.entrySet()) {
            if (e.getValue() && (!overClient || client.equals(e.getKey().getInetAddress()))) {
                closeQuietly(e.getKey()); // an idle keep-alive connection: its client reconnects when it needs to
                return null;
            }
        }
        open.decrementAndGet();
        perClient.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        return overClient
                ? "too many connections from " + client.getHostAddress() + " (at most "
                        + settings.maxConnectionsPerClient() + " per client)"
                : "the server has " + settings.maxConnections() + " open connections, its limit; try again shortly";
    }

    private static void refuse(Socket s, String why) {
        try (s) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(answerBytes(error(503, "UNAVAILABLE", why), false, true));
            out.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private void serve(Socket s) {
        try {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384);
            // a new connection has the head timeout to start its request; one kept alive after an answer is idle (and
            // may be closed to make room for others) until the next request begins, for at most the idle timeout
            Duration wait = settings.headerTimeout();
            while (!closed) {
                s.setSoTimeout(millis(wait));
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException idle) {
                    return;
                }
                connections.replace(s, Boolean.FALSE);
                if (first < 0 || closed) {
                    return;
                }
                if (!exchange(s, first, in, out)) {
                    return;
                }
                wait = settings.idleTimeout();
            }
        } catch (SocketException | SocketTimeoutException gone) {
            log.debug("connection from {} ended: {}", s.getInetAddress(), gone.getMessage());
        } catch (IOException e) {
            log.debug("connection from {} failed: {}", s.getInetAddress(), e.getMessage());
        }
    }

    /** Reads one request and answers it; false when the connection is to be closed. */
    private boolean exchange(Socket s, int first, InputStream in, OutputStream out) throws IOException {
        long headDeadline = System.nanoTime() + settings.headerTimeout().toNanos();
        List<String> lines = new ArrayList<>();
        try {
            String reason = readHead(s, first, in, headDeadline, lines);
            if (reason != null) {
                return fail(out, error(reason.startsWith("request head") ? 431 : 400, "BAD_REQUEST", reason));
            }
        } catch (SocketTimeoutException e) {
            return fail(
                    out,
                    error(
                            408,
                            "REQUEST_TIMEOUT",
                            "the request line and headers did not arrive within "
                                    + settings.headerTimeout().toMillis() + " ms"));
        }
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !requestLine[2].startsWith("HTTP/1.")) {
            return fail(out, error(400, "BAD_REQUEST", "malformed request line; expected 'METHOD /path HTTP/1.1'"));
        }
        String method = requestLine[0];
        String target = requestLine[1];
        boolean http10 = requestLine[2].equals("HTTP/1.0");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0
                    || line.charAt(0) == ' '
                    || line.charAt(0) == '\t'
                    || line.substring(0, colon).contains(" ")) {
                return fail(out, error(400, "BAD_REQUEST", "malformed header line " + i));
            }
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (!target.startsWith("/")) {
            return fail(out, error(400, "BAD_REQUEST", "the request target must be a path starting with '/'"));
        }
        if (headers.containsKey("transfer-encoding")) {
            return fail(
                    out,
                    error(
                            411,
                            "LENGTH_REQUIRED",
                            "send the body with a Content-Length (chunked bodies are not" + " accepted)"));
        }
        long length = 0;
        List<String> lengths = headers.get("content-length");
        if (lengths != null) {
            if (lengths.size() != 1 || !lengths.get(0).matches("[0-9]{1,18}")) {
                return fail(out, error(400, "BAD_REQUEST", "invalid Content-Length"));
            }
            length = Long.parseLong(lengths.get(0));
        }
        if ("100-continue".equalsIgnoreCase(first(headers, "expect")) && length > 0) {
            if (length > Limits.MAX_REQUEST_BYTES) {
                return fail(out, tooLarge());
            }
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body;
        try {
            long bodyDeadline = System.nanoTime() + settings.bodyTimeout().toNanos();
            if (length > Limits.MAX_REQUEST_BYTES) {
                // read on (up to a cap) so that a client still sending sees the answer rather than a reset connection
                if (length <= DRAIN_CAP) {
                    skip(s, in, length, bodyDeadline);
                }
                return fail(out, tooLarge());
            }
            body = readBody(s, in, (int) length, bodyDeadline);
        } catch (SocketTimeoutException e) {
            return fail(
                    out,
                    error(
                            408,
                            "REQUEST_TIMEOUT",
                            "the request body (" + length + " bytes) did not arrive within "
                                    + settings.bodyTimeout().toMillis() + " ms"));
        }
        Exchange exchange = new Exchange(method, target, headers, body, s.getInetAddress());
        Answer answer;
        workers.acquireUninterruptibly();
        try {
            if (closed) {
                return fail(out, error(503, "UNAVAILABLE", "the server is stopping"));
            }
            answer = handler.handle(exchange);
        } finally {
            workers.release();
        }
        boolean keepAlive = !http10 && !"close".equalsIgnoreCase(first(headers, "connection")) && !closed;
        writing.put(s, System.nanoTime() + settings.writeTimeout().toNanos());
        try {
            out.write(answerBytes(answer, method.equals("HEAD"), !keepAlive));
            out.flush();
        } finally {
            writing.remove(s);
        }
        if (keepAlive) {
            connections.replace(s, Boolean.TRUE);
        }
        return keepAlive;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Answers with an error and closes the connection (what is left of the request cannot be trusted). */
    private static boolean fail(OutputStream out, Answer a) throws IOException {
        out.write(answerBytes(a, false, true));
        out.flush();
        return false;
    }

    private static Answer tooLarge() {
        return error(
                413,
                "PAYLOAD_TOO_LARGE",
                "request body is larger than " + Limits.MAX_REQUEST_BYTES + " bytes; send smaller batches (at most "
                        + Limits.MAX_METRICS_PER_BATCH + " metrics each)");
    }

    static Answer error(int status, String code, String message) {
        return new Answer(
                status,
                Map.of(),
                Json.write(new Wire.ErrorBody(new Wire.ErrorDetail(code, message))),
                "application/json");
    }

    /** Reads the request line and headers into {@code lines}; returns why the head is malformed, or null. */
    private String readHead(Socket s, int first, InputStream in, long deadline, List<String> lines) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int total = 0;
        int b = first;
        while (true) {
            if (b < 0) {
                throw new SocketException("the client closed the connection mid-request");
            }
            if (++total > MAX_HEAD_BYTES) {
                return "request head is larger than " + MAX_HEAD_BYTES + " bytes";
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                if (n == 0) {
                    if (lines.isEmpty()) {
                        b = read(s, in, deadline); // tolerate an empty line before the request line (RFC 9112 2.2)
                        continue;
                    }
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == 0 || bytes[i] == '\r') {
                        return "control character in the request head";
                    }
                }
                lines.add(new String(bytes, 0, n, StandardCharsets.ISO_8859_1));
                if (lines.size() > MAX_HEADERS + 1) {
                    return "request head has more than " + MAX_HEADERS + " headers";
                }
                line.reset();
            } else {
                line.write(b);
            }
            b = read(s, in, deadline);
        }
    }

    private static int read(Socket s, InputStream in, long deadline) throws IOException {
        if (in.available() > 0) {
            return in.read();
        }
        s.setSoTimeout(remaining(deadline));
        return in.read();
    }

    private static byte[] readBody(Socket s, InputStream in, int length, long deadline) throws IOException {
        byte[] body = new byte[length];
        int off = 0;
        while (off < length) {
            s.setSoTimeout(remaining(deadline));
            int r = in.read(body, off, length - off);
            if (r < 0) {
                throw new SocketException("the client closed the connection mid-body");
            }
            off += r;
        }
        return body;
    }

    private static void skip(Socket s, InputStream in, long length, long deadline) throws IOException {
        byte[] buf = new byte[16384];
        long left = length;
        while (left > 0) {
            s.setSoTimeout(remaining(deadline));
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                return;
            }
            left -= r;
        }
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    static byte[] answerBytes(Answer a, boolean head, boolean close) {
        StringBuilder h = new StringBuilder(256);
        h.append("HTTP/1.1 ")
                .append(a.status())
                .append(' ')
                .append(reason(a.status()))
                .append("\r\n");
        boolean noBody = a.status() == 204 || a.status() == 304 || (a.status() >= 100 && a.status() < 200);
        if (a.body() != null && !noBody) {
            h.append("Content-Type: ").append(a.contentType()).append("\r\n");
        }
        if (!noBody) {
            h.append("Content-Length: ")
                    .append(a.body() == null ? 0 : a.body().length)
                    .append("\r\n");
        }
        h.append("Cache-Control: no-store\r\n");
        h.append("X-Content-Type-Options: nosniff\r\n");
        for (Map.Entry<String, String> e : a.headers().entrySet()) {
            h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        if (close) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
        byte[] head0 = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head || noBody || a.body() == null) {
            return head0;
        }
        byte[] all = new byte[head0.length + a.body().length];
        System.arraycopy(head0, 0, all, 0, head0.length);
        System.arraycopy(a.body(), 0, all, head0.length, a.body().length);
        return all;
    }

    private static final Set<Integer> KNOWN =
            Set.of(200, 201, 204, 308, 400, 401, 403, 404, 405, 408, 409, 411, 413, 415, 431, 500, 503);

    private static String reason(int status) {
        if (!KNOWN.contains(status)) {
            return "Status";
        }
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
