package io.jfairing.fairing.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jfairing.fairing.serve.ServeException;
import io.jfairing.fairing.serve.ServingHandle;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command on a deployment made earlier on Kubernetes: logs, promote, rollback, delete. */
abstract class ServeClusterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment's name.")
    String name;

    @Mixin
    ServeTarget target = new ServeTarget();

    @Override
    public Integer call() throws Exception {
        if (!target.backend.equals("kubernetes")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    spec.name() + " works on deployments made with "
                            + "--backend kubernetes (local ones stop with Ctrl-C; podman ones with podman stop jfairing-serve-NAME)");
        }
        try (KubernetesClient client = target.client()) {
            ServingHandle handle = target.kubernetes(client).attach(name, target.namespace);
            return act(handle, spec.commandLine().getOut());
        }
    }

    abstract int act(ServingHandle handle, PrintWriter out) throws Exception;

    @Command(
            name = "logs",
            mixinStandardHelpOptions = true,
            description = "Prints the model server's log (kubernetes).")
    static final class Logs extends ServeClusterCommand {
        @Override
        int act(ServingHandle handle, PrintWriter out) throws ServeException {
            out.print(handle.logs());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Promotes the canary: the new revision takes all the traffic (KServe Serverless).")
    static final class Promote extends ServeClusterCommand {
        @Override
        int act(ServingHandle handle, PrintWriter out) throws ServeException {
            handle.promote();
            out.println("promoted " + handle.name());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Rolls the canary back: the previous revision takes all the traffic (KServe Serverless).")
    static final class Rollback extends ServeClusterCommand {
        @Override
        int act(ServingHandle handle, PrintWriter out) throws ServeException {
            handle.rollback();
            out.println("rolled back " + handle.name());
            out.flush();
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes the deployment (kubernetes).")
    static final class Delete extends ServeClusterCommand {
        @Override
        int act(ServingHandle handle, PrintWriter out) throws ServeException {
            handle.delete();
            out.println("deleted " + handle.name());
            out.flush();
            return 0;
        }
    }
}
