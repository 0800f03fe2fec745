package io.jfairing.images.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jfairing kernel install ...}: the Java kernel's installer ({@code java -jar jfairing-kernel.jar install ...}),
 * run from the kernel jar that {@link KernelJarLocator} finds, with every argument passed on.
 */
@Command(
        name = "kernel",
        mixinStandardHelpOptions = true,
        description = "The jfairing Java kernel for Jupyter.",
        subcommands = KernelCommand.Install.class)
final class KernelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: install");
    }

    @Command(
            name = "install",
            description = {
                "Install the kernelspec (its extensions, and the JupyterLab panel they carry unless --no-lab-extension) for Jupyter. "
                        + "Every argument goes to the kernel jar's installer; "
                        + "'jfairing kernel install --help' shows its options, e.g.:",
                "  jfairing kernel install --user --name java --display-name \"Java (jfairing)\" --extension kernel-extensions/target/extension"
            })
    static final class Install implements Callable<Integer> {
        @Option(
                names = "--kernel-jar",
                paramLabel = "FILE",
                description = "The kernel jar (default: $JFAIRING_KERNEL_JAR, "
                        + "jfairing-kernel.jar beside this tool, or kernel/target/jfairing-kernel.jar).")
        Path kernelJar;

        @CommandLine.Unmatched
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path jar = KernelJarLocator.locate(kernelJar);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString(),
                    "install"));
            command.addAll(arguments);
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
    }
}
