package io.jfairing.kernel.connection;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * A shell (or control) channel that blocks in {@code zmq_poll} instead of sleeping between polls.
 *
 * <p>basekernel's {@link ShellChannel} polls without waiting and then sleeps 50 ms, which adds up to
 * 50 ms to every request. This channel wakes as soon as a message arrives.
 */
final class BlockingShellChannel extends ShellChannel {
    private static final Logger LOG = Logger.getLogger(BlockingShellChannel.class.getName());
    private static final long POLL_TIMEOUT_MS = 200;

    private final boolean control;
    private final JupyterConnection connection;
    private volatile boolean running;
    private volatile Thread loop;
    private volatile Runnable drainedListener = () -> {};
    private boolean closedSocket;

    BlockingShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, JupyterConnection connection) {
        super(context, hmac, control, connection);
        this.control = control;
        this.connection = connection;
    }

    /** Runs {@code listener} each time the channel has handled every request that was waiting. */
    void onDrained(Runnable listener) {
        this.drainedListener = listener;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException("channel already bound");
        }
        int port = control ? props.getControlPort() : props.getShellPort();
        String address = props.getTransport() + "://" + props.getIp() + ":" + port;
        bind(address);
        running = true;
        Thread thread = new Thread(this::serve, control ? "jupyter-control" : "jupyter-shell");
        thread.setDaemon(false);
        loop = thread;
        thread.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                if (poller.poll(POLL_TIMEOUT_MS) > 0 && poller.pollin(0) && running) {
                    Message<?> message;
                    try {
                        message = readMessage();
                    } catch (RuntimeException e) { // a malformed or badly signed message: drop it, keep serving
                        LOG.log(Level.WARNING, "dropped an unreadable message", e);
                        continue;
                    }
                    try {
                        handle(message, poller);
                    } catch (Throwable e) { // the idle listener or the reply itself failed: keep serving
                        LOG.log(
                                Level.SEVERE,
                                "failure after handling "
                                        + message.getHeader().getType().getName(),
                                e);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, "channel loop failed", e);
            }
        } finally {
            poller.close();
            closeSocket();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message message, ZMQ.Poller poller) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            LOG.fine(() -> "no handler for " + message.getHeader().getType().getName());
            if (poller.poll(0) == 0) {
                drainedListener.run();
            }
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Throwable e) { // an Error too (NoClassDefFoundError, StackOverflowError): answer and keep serving
            String type = message.getHeader().getType().getName();
            LOG.log(Level.SEVERE, "unhandled failure in " + type, e);
            replyFailure(env, type, e);
        } finally {
            // before the idle status: a request the client sends once it sees idle is not "queued" behind this one
            if (poller.poll(0) == 0) {
                drainedListener.run();
            }
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
    }

    /** Answers a request whose handler failed with an error reply, so that the client does not wait forever. */
    private static void replyFailure(ShellReplyEnvironment env, String requestType, Throwable failure) {
        if (!requestType.endsWith("_request")) {
            return;
        }
        MessageType<?> replyType =
                MessageType.getType(requestType.substring(0, requestType.length() - "_request".length()) + "_reply");
        if (replyType == null || replyType == MessageType.UNKNOWN) {
            return;
        }
        List<String> trace = new ArrayList<>();
        trace.add(failure.toString());
        for (StackTraceElement frame : failure.getStackTrace()) {
            trace.add("    at " + frame);
        }
        String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        try {
            env.replyError(replyType.error(), new ErrorReply(failure.getClass().getSimpleName(), text, trace));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not send the error reply to " + requestType, e);
        }
    }

    private synchronized void closeSocket() {
        if (!closedSocket) {
            closedSocket = true;
            super.close();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread thread = loop;
        if (thread == null) {
            closeSocket();
            return;
        }
        if (thread != Thread.currentThread()) {
            try {
                thread.join(2 * POLL_TIMEOUT_MS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void waitUntilClose() {
        Thread thread = loop;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
