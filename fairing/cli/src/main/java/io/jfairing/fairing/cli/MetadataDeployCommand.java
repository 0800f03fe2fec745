package io.jfairing.fairing.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.serve.InvalidServingSpecException;
import io.jfairing.fairing.teamserver.TeamServerDeployer;
import io.jfairing.fairing.teamserver.TeamServerManifests;
import io.jfairing.fairing.teamserver.TeamServerSpec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jfairing metadata deploy}: a team metadata server in a namespace (Deployment, Service, a PVC or a PostgreSQL
 * database, the token's Secret, a PodDefault for the pods that use it); {@code --dry-run} prints the manifests.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Run a team metadata server in a Kubernetes namespace: a Deployment of 'jfairing metadata serve', a Service,"
                    + " a Secret with a random token, a PersistentVolumeClaim for SQLite or --database on PostgreSQL,"
                    + " and a Kubeflow PodDefault: pods labelled jfairing-metadata=true find it"
                    + " (MetadataStore.fromEnvironment()).",
            "  jfairing metadata deploy -n team-a --image registry.example/jfairing:0.1",
            "  jfairing metadata deploy -n team-a --image IMG --database postgresql://jfairing@db:5432/metadata"
                    + " --database-password-file pw.txt",
            "  jfairing metadata deploy -n team-a --image IMG --dry-run | kubectl apply -f -"
        })
final class MetadataDeployCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"--namespace", "-n"},
            required = true,
            description = "The namespace of the server and of the pods that use it.")
    String namespace;

    @Option(names = "--image", required = true, description = "An image with the jfairing command.")
    String image;

    @Option(
            names = "--database",
            paramLabel = "URI",
            description = "postgresql://USER@HOST:PORT/DATABASE (default: SQLite on a PersistentVolumeClaim).")
    String database;

    @Option(
            names = "--database-password-file",
            paramLabel = "FILE",
            description = "The PostgreSQL password, put into the Secret jfairing-metadata-db (never into a manifest).")
    Path passwordFile;

    @Option(
            names = "--storage",
            defaultValue = "10Gi",
            description = "The SQLite volume's size (default: ${DEFAULT-VALUE}).")
    String storage;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig (default: the usual lookup).")
    Path kubeconfig;

    @Option(
            names = "--dry-run",
            description = "Print the manifests instead of applying them (create the Secrets yourself, as stderr says).")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TeamServerSpec server;
        try {
            TeamServerSpec d = TeamServerSpec.of(namespace, image, database);
            server = new TeamServerSpec(
                    d.name(),
                    d.namespace(),
                    d.image(),
                    d.port(),
                    d.database(),
                    storage,
                    d.tokenSecret(),
                    d.passwordSecret(),
                    d.podDefaultLabel());
        } catch (InvalidServingSpecException e) {
            throw new UsageException(e.getMessage());
        }
        if (passwordFile != null && database == null) {
            throw new UsageException("--database-password-file goes with --database");
        }
        if (dryRun) {
            for (HasMetadata m : TeamServerManifests.manifests(server)) {
                out.print(Serialization.asYaml(m));
            }
            out.flush();
            err.println("# create the Secrets these manifests read (no credential is printed):");
            err.println("kubectl -n " + namespace + " create secret generic " + server.tokenSecret()
                    + " --from-literal=" + TeamServerSpec.TOKEN_KEY + "=$(openssl rand -hex 32)");
            if (server.postgres()) {
                err.println("kubectl -n " + namespace + " create secret generic " + server.passwordSecret()
                        + " --from-file=" + TeamServerSpec.PASSWORD_KEY + "=PASSWORD_FILE");
            }
            err.flush();
            return 0;
        }
        String password = passwordFile == null
                ? null
                : Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        try (KubernetesClient client = kubeconfig == null
                ? new KubernetesClientBuilder().build()
                : new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8)))
                        .build()) {
            for (HasMetadata m : new TeamServerDeployer(client).deploy(server, password)) {
                out.println(m.getKind() + "/" + m.getMetadata().getName());
            }
        }
        out.println("serving at " + server.url() + "; label pods jfairing-metadata=true to use it");
        out.flush();
        return 0;
    }
}
