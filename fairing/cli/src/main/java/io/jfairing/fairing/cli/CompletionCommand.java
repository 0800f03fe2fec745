package io.jfairing.fairing.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jfairing completion}: the bash (and zsh) completion script of every subcommand, generated from the commands. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shell completion script for jfairing (bash; zsh after 'autoload -U +X bashcompinit && bashcompinit').",
            "  source <(jfairing completion)          or: jfairing completion > ~/.local/share/bash-completion/completions/jfairing"
        })
final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
