package io.modelfleet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a shell script that completes modelfleet's commands, options and values.",
        footer = {
            "",
            "Examples:",
            "  source <(modelfleet completion bash)                  # this shell",
            "  modelfleet completion bash > /etc/bash_completion.d/modelfleet",
            "  modelfleet completion zsh > \"${fpath[1]}/_modelfleet\""
        })
public final class CompletionCommand extends BaseCommand {
    enum Shell {
        bash,
        zsh
    }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        // The whole tree, every module's commands, not just the branch this command line named.
        CommandLine tree = Main.commandLine(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                context().cwd(),
                new String[0]);
        if (shell == Shell.zsh) {
            out().println("autoload -U +X compinit && compinit");
            out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        out().print(AutoComplete.bash("modelfleet", tree));
        out().flush();
        return ExitCodes.OK;
    }
}
