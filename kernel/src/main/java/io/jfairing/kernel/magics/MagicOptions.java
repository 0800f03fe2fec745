package io.jfairing.kernel.magics;

import io.jfairing.kernel.spi.MagicUsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Parses a magic's arguments into a picocli-annotated options object, with usage on errors and {@code --help}. */
public final class MagicOptions {
    private MagicOptions() {}

    /**
     * Fills {@code options} from {@code arguments}. Returns empty when {@code --help} was asked for, after
     * printing the usage to {@code out}.
     */
    public static <T> Optional<T> parse(String magic, T options, List<String> arguments, PrintStream out)
            throws MagicUsageException {
        CommandLine line = commandLine(magic, options);
        try {
            line.parseArgs(arguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new MagicUsageException(magic, e.getMessage(), line.getUsageMessage());
        }
        if (line.isUsageHelpRequested()) {
            out.print(line.getUsageMessage());
            return Optional.empty();
        }
        return Optional.of(options);
    }

    /** The usage text of a magic's options, for {@code %lsmagic} and errors. */
    public static String usage(String magic, Object options) {
        return commandLine(magic, options).getUsageMessage();
    }

    private static CommandLine commandLine(String magic, Object options) {
        CommandLine line = new CommandLine(options);
        line.setCommandName("%" + magic);
        line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        line.setUsageHelpWidth(100);
        return line;
    }
}
