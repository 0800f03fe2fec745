package io.jfairing.kernel.connection;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.zeromq.ZMQ;

/**
 * The kernel's ZeroMQ connection: basekernel's heartbeat, stdin and iopub channels with shell and
 * control channels that wake on arrival rather than on a 50 ms polling tick.
 */
public final class KernelConnection extends JupyterConnection {
    /** Messages iopub queues for a slow frontend before ZeroMQ drops them (its default is 1,000). */
    private static final int IOPUB_HIGH_WATER_MARK = 100_000;

    private final KernelConnectionProperties props;
    private final ZMQ.Context context;
    private final BlockingShellChannel fastShell;
    private final BlockingShellChannel fastControl;
    private boolean connected;

    public KernelConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.context = ZMQ.context(1);
        this.fastShell = new BlockingShellChannel(context, props.createHMACGenerator(), false, this);
        this.fastControl = new BlockingShellChannel(context, props.createHMACGenerator(), true, this);
    }

    /**
     * Runs {@code listener} on the shell thread whenever no more shell requests are waiting; the kernel
     * uses it to stop aborting queued cells after a failed one.
     */
    public void onShellDrained(Runnable listener) {
        fastShell.onDrained(listener);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        stdin.bind(props);
        iopub.setSndHWM(IOPUB_HIGH_WATER_MARK);
        iopub.bind(props);
        fastShell.bind(props);
        fastControl.bind(props);
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public void close() {
        fastShell.close();
        fastControl.close();
        super.close();
    }

    @Override
    public void waitUntilClose() {
        fastShell.waitUntilClose();
        fastControl.waitUntilClose();
        super.waitUntilClose();
        context.close(); // terminates only once every socket of the context is closed
    }
}
