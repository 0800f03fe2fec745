package io.jfairing.kernel.magics;

import io.jfairing.kernel.execution.EvaluationInterruptedException;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code %sh COMMAND}: runs a shell command in the notebook's folder and streams its output into the cell. */
public final class ShellMagic {
    private final Path workingDirectory;
    private final PrintStream out;
    private final PrintStream err;

    public ShellMagic(Path workingDirectory, PrintStream out, PrintStream err) {
        this.workingDirectory = workingDirectory;
        this.out = out;
        this.err = err;
    }

    public Object run(MagicCall call) throws Exception {
        if (call.rawArguments().isBlank()) {
            throw new MagicUsageException(
                    "sh", "no command given", "Usage: %sh <command>   (run by /bin/sh -c in the notebook's folder)");
        }
        Process process = new ProcessBuilder("/bin/sh", "-c", call.rawArguments())
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        Thread stdout = pump(process.getInputStream(), out, "sh-stdout");
        Thread stderr = pump(process.getErrorStream(), err, "sh-stderr");
        try {
            int status = process.waitFor();
            stdout.join();
            stderr.join();
            if (status != 0) {
                throw new CellException(
                        "ShellCommandFailed", "command exited with status " + status + ": " + call.rawArguments());
            }
            return null;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new EvaluationInterruptedException("interrupted; the command was stopped: " + call.rawArguments());
        }
    }

    private static Thread pump(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (from) {
                        int n;
                        while ((n = from.read(buffer)) > 0) {
                            to.write(buffer, 0, n);
                            to.flush();
                        }
                    } catch (IOException ignored) {
                        // the process went away
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
