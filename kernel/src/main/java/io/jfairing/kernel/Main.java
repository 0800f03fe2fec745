package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.jfairing.kernel.connection.KernelConnection;
import io.jfairing.kernel.install.InstallCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code jfairing-kernel} command: run the kernel for a connection file, or install its kernelspec. */
@Command(
        name = "jfairing-kernel",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A Jupyter kernel for Java on JShell.",
        subcommands = {Main.Run.class, InstallCommand.class})
public final class Main implements Runnable {
    /** Held so that basekernel's chatty JUL loggers keep the level set here. */
    private static final Logger ROOT = Logger.getLogger("");

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.jshell").isEmpty()) {
            System.err.println(
                    "This Java runtime (" + System.getProperty("java.home") + ") has no jdk.jshell module: "
                            + "it is a JRE. The kernel needs a full JDK 17 or newer; point JAVA_HOME or the kernelspec at one.");
            System.exit(2);
        }
        if (args.length == 2 && args[0].equals("run")) {
            // How Jupyter starts the kernel: skip building the command line, start-up time counts here.
            try {
                System.exit(Run.run(Path.of(args[1])));
            } catch (Exception e) {
                System.err.println("jfairing-kernel: " + e);
                System.exit(1);
            }
        }
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((error, line, parseResult) -> {
            if (error instanceof IllegalArgumentException || error instanceof java.io.IOException) {
                line.getErr().println(line.getCommandName() + ": " + error.getMessage());
                return 1;
            }
            throw error;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Run the kernel (Jupyter starts it with this).")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONNECTION_FILE", description = "The connection file Jupyter wrote.")
        Path connectionFile;

        @Override
        public Integer call() throws Exception {
            return run(connectionFile);
        }

        static int run(Path connectionFile) throws Exception {
            quietLogging();
            KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
            KernelOptions options = KernelOptions.fromEnvironment(System.getenv());
            JavaKernel kernel = new JavaKernel(options);
            PrintStream originalErr = System.err;
            System.setOut(kernel.outputs().out());
            System.setErr(kernel.outputs().err());
            System.setIn(kernel.outputs().in());
            KernelConnection connection = new KernelConnection(props);
            kernel.becomeHandlerForConnection(connection);
            connection.connect();
            connection.waitUntilClose();
            originalErr.flush();
            return 0;
        }

        private static void quietLogging() {
            LogManager.getLogManager().reset();
            java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
            String level = System.getenv().getOrDefault("JFAIRING_KERNEL_LOG", "WARNING");
            Level parsed;
            try {
                parsed = Level.parse(level.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                parsed = Level.WARNING;
            }
            handler.setLevel(parsed);
            ROOT.setLevel(parsed);
            ROOT.addHandler(handler);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jfairing-kernel " + KernelVersion.get()};
        }
    }
}
