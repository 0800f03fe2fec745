package io.jfairing.fairing.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jfairing}: build notebook images from the command line.
 *
 * <pre>
 * jfairing build train.ipynb --image 127.0.0.1:5000/train:latest --base 127.0.0.1:5000/jfairing/jre:17 --param epochs=20 --insecure
 * jfairing base-image --image 127.0.0.1:5000/jfairing/jre:17 --insecure
 * jfairing serve deploy iris.ipynb --name iris --model-uri /models/iris.txt                  (local, until Ctrl-C)
 * jfairing serve deploy iris.ipynb --name iris --backend kubernetes --image REG/iris:1 --mode serverless
 * </pre>
 */
@Command(name = "jfairing", mixinStandardHelpOptions = true, version = "jfairing 0.1.0",
        description = "Package notebooks into container images (no Docker daemon) and serve their models.",
        subcommands = {BuildCommand.class, BaseImageCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class JfairingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: build, base-image or serve");
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.jshell").isEmpty() || ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
            System.err.println("jfairing: error: jfairing compiles notebooks, so it needs a JDK (jdk.jshell, jdk.compiler),"
                    + " not a JRE: run it with the JDK's java");
            System.exit(2);
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (0 ok, 1 failure, 2 bad usage). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors going to {@code out} and {@code err}. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new JfairingCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof io.jfairing.fairing.FairingException) {
                cmd.getErr().println("jfairing: error: " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("jfairing: unexpected failure (a bug in jfairing):");
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return commandLine.execute(args);
    }
}
