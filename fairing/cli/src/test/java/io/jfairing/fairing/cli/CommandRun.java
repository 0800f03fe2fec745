package io.jfairing.fairing.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the {@code jfairing} command line in this JVM: its exit status and what it printed. */
record CommandRun(int status, String out, String err) {
    /** Runs {@code jfairing ARGS} as {@code main} would, capturing its standard output and error. */
    static CommandRun jfairing(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JfairingCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandRun(status, out.toString(), err.toString());
    }
}
