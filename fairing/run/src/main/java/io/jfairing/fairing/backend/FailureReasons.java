package io.jfairing.fairing.backend;

import java.util.List;

/**
 * The reason a local replica ended as a Kubernetes container status would give it: {@value #OOM_KILLED} when the
 * runtime's OOM killer ended it or its JVM ran out of memory (the local backends start JVMs with
 * {@code -XX:+ExitOnOutOfMemoryError}, as a container is killed when it runs out of memory), otherwise
 * {@value #ERROR}.
 */
public final class FailureReasons {
    public static final String ERROR = "Error";
    public static final String OOM_KILLED = "OOMKilled";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    /** The runtime could not start the container (bad entrypoint, runtime error). */
    public static final String CONTAINER_CANNOT_RUN = "ContainerCannotRun";
    /** Stopped by jfairing because another replica failed first (the job fails as a whole). */
    public static final String STOPPED = "Stopped";
    /** Ended by {@code cancel()}. */
    public static final String CANCELLED = "Cancelled";
    /** The process vanished without leaving its exit code (killed from outside with its supervisor). */
    public static final String LOST = "Lost";

    private FailureReasons() {}

    /** The reason of a replica that exited with {@code exitCode} (not 0) after writing {@code lastLines}. */
    public static String of(int exitCode, boolean oomKilled, List<String> lastLines) {
        if (oomKilled) {
            return OOM_KILLED;
        }
        for (String line : lastLines) {
            if (line.contains("java.lang.OutOfMemoryError")) {
                return OOM_KILLED;
            }
        }
        return ERROR;
    }
}
