package io.jfairing.extensions.magic;

import io.jfairing.kernel.spi.MagicUsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Parses a magic's arguments with picocli into a tree of subcommands ({@code %fairing train ...}) and runs the one
 * chosen. A bad argument becomes a {@link MagicUsageException} naming it, with the usage of the subcommand it was
 * given to; {@code --help} at any level prints that level's usage.
 */
public final class MagicCommandLine {
    private final String magic;
    private final CommandLine root;

    public MagicCommandLine(String magic, Object command) {
        this.magic = magic;
        this.root = new CommandLine(command);
        root.setCommandName("%" + magic);
        configure(root);
    }

    public MagicCommandLine addSubcommand(String name, Object command) {
        root.addSubcommand(name, command);
        configure(root.getSubcommands().get(name));
        return this;
    }

    private static void configure(CommandLine line) {
        if (!line.getCommandSpec().optionsMap().containsKey("--help")) {
            line.getCommandSpec()
                    .addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                            .usageHelp(true)
                            .description("Show this help and exit.")
                            .build());
        }
        line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        line.setUsageHelpWidth(100);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setAbbreviatedOptionsAllowed(false);
    }

    /**
     * Parses and runs. Returns the chosen command's result, or empty when usage was printed instead.
     *
     * @throws MagicUsageException for arguments the command cannot take
     */
    public Optional<Object> run(List<String> arguments, PrintStream out) throws Exception {
        CommandLine.ParseResult parsed;
        try {
            parsed = root.parseArgs(arguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            CommandLine where = e.getCommandLine() != null ? e.getCommandLine() : root;
            throw new MagicUsageException(magic, problem(e, where), where.getUsageMessage());
        }
        CommandLine.ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        CommandLine chosen = leaf.commandSpec().commandLine();
        if (leaf.isUsageHelpRequested()
                || chosen == root && parsed.subcommand() == null && !(root.getCommand() instanceof Callable)) {
            out.print(chosen.getUsageMessage());
            return Optional.empty();
        }
        Object command = chosen.getCommand();
        if (!(command instanceof Callable<?> callable)) {
            out.print(chosen.getUsageMessage());
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(callable.call());
        } catch (io.jfairing.fairing.cli.UsageException problem) {
            throw new MagicUsageException(magic, problem.getMessage(), chosen.getUsageMessage());
        }
    }

    /** picocli's message, said as a user would: an unknown command is named, with the closest known ones. */
    private String problem(CommandLine.ParameterException e, CommandLine where) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && where == root
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String word = unmatched.getUnmatched().get(0);
            List<String> close = unmatched.getSuggestions();
            return "unknown command '" + word + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?") + " Commands: "
                    + String.join(", ", root.getSubcommands().keySet());
        }
        return e.getMessage();
    }

    /** The full usage text (for errors at the top level and {@code %lsmagic}). */
    public String usage() {
        return root.getUsageMessage();
    }
}
