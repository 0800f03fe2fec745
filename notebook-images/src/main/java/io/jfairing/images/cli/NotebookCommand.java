package io.jfairing.images.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.images.server.DataVolume;
import io.jfairing.images.server.NotebookManifests;
import io.jfairing.images.server.NotebookServer;
import io.jfairing.images.server.NotebookServerException;
import io.jfairing.images.server.NotebookServerSpec;
import io.jfairing.images.server.NotebookServers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jfairing notebook}: Kubeflow notebook servers in a namespace (the current kubeconfig context's by default).
 */
@Command(
        name = "notebook",
        mixinStandardHelpOptions = true,
        description = "Kubeflow notebook servers: create one from a team image, list, start, stop, delete.",
        subcommands = {
            NotebookCommand.Create.class,
            NotebookCommand.ListServers.class,
            NotebookCommand.Start.class,
            NotebookCommand.Stop.class,
            NotebookCommand.Delete.class
        })
final class NotebookCommand implements Runnable {
    private final Supplier<KubernetesClient> clients;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-n", "--namespace"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "The namespace (your Kubeflow profile's; default: the kubeconfig context's).")
    String namespace;

    NotebookCommand(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: create, list, start, stop or delete");
    }

    private interface Action<T> {
        T run(NotebookServers servers, String namespace) throws NotebookServerException;
    }

    private <T> T with(Action<T> action) throws NotebookServerException {
        try (KubernetesClient client = clients.get()) {
            String ns =
                    namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
            return action.run(new NotebookServers(client, ns), ns);
        }
    }

    private String resolveNamespace() {
        if (namespace != null) {
            return namespace;
        }
        try (KubernetesClient client = clients.get()) {
            return client.getNamespace() != null ? client.getNamespace() : "default";
        }
    }

    private static void print(PrintWriter out, NotebookServer server) {
        out.printf(
                Locale.ROOT,
                "%-24s %-9s %-6s %-7s %-4s %-24s %s%n",
                server.name(),
                server.state(),
                server.cpu(),
                server.memory(),
                server.gpus(),
                server.workspace(),
                server.image());
    }

    private static void header(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%-24s %-9s %-6s %-7s %-4s %-24s %s%n",
                "NAME",
                "STATE",
                "CPU",
                "MEMORY",
                "GPUS",
                "WORKSPACE",
                "IMAGE");
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Create a notebook server from an image; its workspace volume is created if missing and mounted at /home/jovyan.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        NotebookCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--image",
                required = true,
                description = "The image (a team image, such as REGISTRY/team/data-exploration:TAG).")
        String image;

        @Option(
                names = "--cpu",
                defaultValue = "500m",
                description = "CPU request, and limit unless --cpu-limit (default: ${DEFAULT-VALUE}).")
        String cpu;

        @Option(names = "--cpu-limit", description = "CPU limit.")
        String cpuLimit;

        @Option(
                names = "--memory",
                defaultValue = "1Gi",
                description = "Memory request, and limit unless --memory-limit (default: ${DEFAULT-VALUE}).")
        String memory;

        @Option(names = "--memory-limit", description = "Memory limit.")
        String memoryLimit;

        @Option(names = "--gpus", defaultValue = "0", description = "GPUs (default: ${DEFAULT-VALUE}).")
        int gpus;

        @Option(
                names = "--gpu-resource",
                defaultValue = "nvidia.com/gpu",
                description = "The GPU resource name (default: ${DEFAULT-VALUE}).")
        String gpuResource;

        @Option(
                names = "--workspace",
                paramLabel = "CLAIM",
                description = "The workspace volume claim (default: NAME-workspace).")
        String workspace;

        @Option(
                names = "--workspace-size",
                defaultValue = "10Gi",
                description = "Its size when it is created (default: ${DEFAULT-VALUE}).")
        String workspaceSize;

        @Option(names = "--storage-class", description = "Its storage class (default: the cluster's).")
        String storageClass;

        @Option(
                names = "--data",
                paramLabel = "CLAIM:/PATH[:ro]",
                description = "An existing volume claim to mount (repeatable).")
        List<String> data = new ArrayList<>();

        @Option(
                names = "--pod-default",
                paramLabel = "LABEL[=VALUE]",
                description = "A label PodDefaults select on, such as access-ml-pipeline (value: true) (repeatable).")
        List<String> podDefaults = new ArrayList<>();

        @Option(
                names = "--env-from-secret",
                paramLabel = "SECRET",
                description = "A secret whose keys become environment variables (repeatable).")
        List<String> secrets = new ArrayList<>();

        @Option(names = "--service-account", description = "The service account (Kubeflow's form uses default-editor).")
        String serviceAccount;

        @Option(names = "--no-shm", description = "No memory-backed /dev/shm.")
        boolean noShm;

        @Option(
                names = "--dry-run",
                description = "Print the Notebook and workspace claim (YAML) instead of creating them.")
        boolean dryRun;

        @Override
        public Integer call() throws NotebookServerException {
            String namespace = parent.resolveNamespace();
            NotebookServerSpec.Builder builder = NotebookServerSpec.builder(name, namespace)
                    .image(image)
                    .cpu(cpu)
                    .cpuLimit(cpuLimit)
                    .memory(memory)
                    .memoryLimit(memoryLimit)
                    .gpus(gpus)
                    .gpuResource(gpuResource)
                    .workspace(workspace)
                    .workspaceSize(workspaceSize)
                    .storageClass(storageClass)
                    .serviceAccount(serviceAccount)
                    .sharedMemory(!noShm);
            for (String volume : data) {
                try {
                    builder.dataVolume(DataVolume.parse(volume));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--data " + e.getMessage());
                }
            }
            for (String label : podDefaults) {
                int equals = label.indexOf('=');
                builder.podDefaultLabel(
                        equals < 0 ? label : label.substring(0, equals),
                        equals < 0 ? "true" : label.substring(equals + 1));
            }
            secrets.forEach(builder::envFromSecret);
            NotebookServerSpec server = builder.build();
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                out.print(Serialization.asYaml(NotebookManifests.notebook(server)));
                out.print(Serialization.asYaml(NotebookManifests.workspace(server)));
                return 0;
            }
            parent.with((servers, ns) -> servers.create(server));
            out.println(
                    "notebook server " + name + " created in " + namespace + " (workspace " + server.workspaceClaim()
                            + " at /home/jovyan); Kubeflow serves it at /notebook/" + namespace + "/" + name + "/");
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the notebook servers of the namespace.")
    static final class ListServers implements Callable<Integer> {
        @ParentCommand
        NotebookCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws NotebookServerException {
            PrintWriter out = spec.commandLine().getOut();
            List<NotebookServer> servers = parent.with((s, ns) -> s.list());
            if (output.json()) {
                List<List<String>> rows = new ArrayList<>();
                servers.forEach(server -> rows.add(List.of(
                        server.name(),
                        String.valueOf(server.state()),
                        String.valueOf(server.cpu()),
                        String.valueOf(server.memory()),
                        String.valueOf(server.gpus()),
                        String.valueOf(server.workspace()),
                        String.valueOf(server.image()))));
                output.print(
                        out,
                        new ResultTable(
                                "notebook servers",
                                List.of("name", "state", "cpu", "memory", "gpus", "workspace", "image"),
                                rows));
                return 0;
            }
            header(out);
            servers.forEach(server -> print(out, server));
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a stopped notebook server.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        NotebookCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws NotebookServerException {
            NotebookServer server = parent.with((s, ns) -> s.start(name));
            spec.commandLine().getOut().println("notebook server " + name + " " + server.state());
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop a notebook server (scaled to zero; its workspace stays).")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        NotebookCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws NotebookServerException {
            NotebookServer server = parent.with((s, ns) -> s.stop(name));
            spec.commandLine().getOut().println("notebook server " + name + " " + server.state());
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a notebook server; its workspace stays unless --delete-workspace.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        NotebookCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--delete-workspace",
                description = "Delete the workspace volume claim too (and the work in it).")
        boolean workspace;

        @Override
        public Integer call() throws NotebookServerException {
            parent.with((s, ns) -> {
                s.delete(name, workspace);
                return null;
            });
            spec.commandLine()
                    .getOut()
                    .println("notebook server " + name + " deleted"
                            + (workspace ? " with its workspace" : "; its workspace stays"));
            return 0;
        }
    }
}
