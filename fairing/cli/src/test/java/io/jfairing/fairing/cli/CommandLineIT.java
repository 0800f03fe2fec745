package io.jfairing.fairing.cli;

import static io.jfairing.fairing.cli.CommandRun.jfairing;
import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.fairing.testing.Registry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jfairing build} end to end, and every kind of bad input: each a clear error (exit status 1, one line that
 * names the problem) and nothing pushed.
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class CommandLineIT {
    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    private CommandRun build(Path notebook, String image, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("build", notebook.toString(), "--image", image, "--base", env.baseImage(), "--insecure"));
        args.addAll(List.of(extra));
        return jfairing(args.toArray(String[]::new));
    }

    @Test
    void buildPrintsThePinnedReferenceAndTheImageRuns() throws Exception {
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        String image = env.registry().host() + "/cli/train:latest";
        CommandRun run = build(notebook, image, "--param", "epochs=3", "--param", "name=run1", "--input", "data/*.csv");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip())
                .matches(env.registry().host().replace(".", "\\.") + "/cli/train@sha256:[0-9a-f]{64}");
        assertThat(run.err()).contains("note: left out %%html (cell 6, line 1)").contains("built " + image);
        Containers.Result result =
                env.containers().podmanRun(List.of(), run.out().strip());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo(String.join("", Fixtures.TRAIN_OUTPUT));
    }

    @Test
    void buildSaysWhichInputFilesItLeftOutAndWhy() throws Exception {
        Path project = Files.createDirectories(dir.resolve("careless"));
        Path notebook = Fixtures.trainNotebook(project, "epoch");
        Files.writeString(project.resolve(".env"), Fixtures.CREDENTIAL_FILES.get(".env"));
        Files.writeString(project.resolve("id_rsa"), Fixtures.CREDENTIAL_FILES.get("id_rsa"));
        String image = env.registry().host() + "/cli/careless:1";
        CommandRun run = build(notebook, image, "--param", "epochs=3", "--param", "name=run1", "--input", ".");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("left out of the image (2):")
                .containsPattern("(?m)^  \\.env: .+$")
                .containsPattern("(?m)^  id_rsa: .+$")
                .doesNotContain("hunter2", "PRIVATE KEY");
    }

    @Test
    void serveDeployOnTheLocalBackendGivesTheModelItsInputFiles() throws Exception {
        Path project = Files.createDirectories(dir.resolve("served"));
        Files.writeString(project.resolve("threshold.txt"), "5.0\n");
        Path notebook = project.resolve("iris.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "iris.ipynb",
                        List.of(
                                NotebookCell.code(1, "import io.jfairing.runtime.runner.Predictor;"),
                                NotebookCell.code(2, """
                                        class Iris implements Predictor<double[], Integer> {
                                            final double threshold;
                                            Iris() throws IOException { // an input file in the working directory
                                                threshold = Double.parseDouble(Files.readString(Path.of("threshold.txt")).trim());
                                            }
                                            public Integer predict(double[] x) { return x[2] > threshold ? 2 : 1; }
                                        }"""))),
                notebook);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread serving = new Thread(() -> status.set(JfairingCommand.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "serve",
                "deploy",
                notebook.toString(),
                "--name",
                "iris",
                "--backend",
                "local",
                "--input",
                "threshold.txt",
                "--no-record")));
        serving.start();
        try {
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
            while (out.toString().isBlank() && serving.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(out.toString()).as(err.toString()).startsWith("http://127.0.0.1:");
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(out.toString().strip() + "/v1/models/iris:predict"))
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 5.1, 1.6]]}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body().replace(" ", "")).isEqualTo("{\"predictions\":[1,2]}");
        } finally {
            serving.interrupt();
            serving.join(30_000);
        }
        assertThat(serving.isAlive()).isFalse();
    }

    @Test
    void trainerClassBuildsAndTrains() throws Exception {
        Path source = dir.resolve("MyTrainer.java");
        Files.writeString(
                source,
                "package example;\n\nimport io.jfairing.runtime.runner.Trainer;\n\n"
                        + "public class MyTrainer implements Trainer {\n  public void train() {\n    System.out.println(\"trained on \" + System.getenv(\"FAIRING_RUNTIME\"));\n  }\n}\n");
        String image = env.registry().host() + "/cli/trainer:1";
        CommandRun run = build(source, image);
        assertThat(run.status()).as(run.err()).isZero();
        Containers.Result result = env.containers().podmanRun(List.of(), image);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("trained on container\n");
    }

    @Test
    void malformedNotebooksAreClearErrors() throws Exception {
        String image = env.registry().host() + "/cli/bad:1";
        Path badJson = Files.writeString(dir.resolve("bad.ipynb"), "{\"cells\": [");
        assertError(build(badJson, image), "bad.ipynb is not valid JSON (line 1, column 12)");
        Path v3 = Files.writeString(
                dir.resolve("old.ipynb"), "{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}");
        assertError(build(v3, image), "old.ipynb is nbformat 3; jfairing reads nbformat 4 notebooks");
        Path noCells = Files.writeString(
                dir.resolve("nocells.ipynb"), "{\"nbformat\": 4, \"nbformat_minor\": 4, \"metadata\": {}}");
        assertError(
                build(noCells, image), "nocells.ipynb is not a valid nbformat 4 notebook: it has no \"cells\" list");
        Path noSource = Files.writeString(
                dir.resolve("nosource.ipynb"),
                "{\"nbformat\": 4, \"nbformat_minor\": 4, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"metadata\": {}}]}");
        assertError(build(noSource, image), "nosource.ipynb, cell 1: the cell has no \"source\"");
        assertError(
                build(dir.resolve("missing.ipynb"), image), dir.resolve("missing.ipynb") + ": no such notebook file");
        assertThat(env.registry().tags("cli/bad")).isEmpty();
    }

    @Test
    void compileErrorPointsAtTheCellAndLineAndPushesNothing() throws Exception {
        Path notebook = dir.resolve("broken.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "broken.ipynb",
                        List.of(
                                NotebookCell.code(1, "int x = 1;"),
                                NotebookCell.markdown(2, "text"),
                                NotebookCell.code(3, "int y = x + 1;\nString s = y;"))),
                notebook);
        CommandRun run = build(notebook, env.registry().host() + "/cli/broken:1");
        assertError(run, "cell 3, line 2: incompatible types: int cannot be converted to java.lang.String");
        assertThat(run.err()).contains("    String s = y;");
        assertThat(env.registry().tags("cli/broken")).isEmpty();
    }

    @Test
    void wrongParametersAreClearErrors() throws Exception {
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        String image = env.registry().host() + "/cli/params:1";
        assertError(
                build(notebook, image, "--param", "epochs=many"),
                "parameter \"epochs\" is declared as int, but the value \"many\" is not an int");
        assertError(
                build(notebook, image, "--param", "rate=fast"),
                "parameter \"rate\" is declared as double, but the value \"fast\" is not a double");
        assertError(
                build(notebook, image, "--param", "lr=0.1"),
                "unknown parameter \"lr\": the parameters cell (cell 2) declares epochs, rate, name");
        assertThat(env.registry().tags("cli/params")).isEmpty();
    }

    @Test
    void registryProblemsAreClearErrors() throws Exception {
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        CommandRun unreachable = jfairing(
                "build",
                notebook.toString(),
                "--image",
                "127.0.0.1:1/cli/nowhere:1",
                "--base",
                env.baseImage(),
                "--insecure");
        assertError(unreachable, "cannot reach the registry 127.0.0.1:1");

        Registry registry = env.registry();
        CommandRun unknownBase = jfairing(
                "build",
                notebook.toString(),
                "--image",
                registry.host() + "/cli/nobase:1",
                "--base",
                registry.host() + "/no/such-base:17",
                "--insecure");
        assertError(unknownBase, "the base image " + registry.host() + "/no/such-base:17 was not found");
        assertThat(registry.tags("cli/nobase")).isEmpty();

        CommandRun badReference = jfairing(
                "build", notebook.toString(), "--image", "Not A Reference", "--base", env.baseImage(), "--insecure");
        assertError(badReference, "\"Not A Reference\" is not an image reference");
    }

    private static void assertError(CommandRun run, String message) {
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).as(run.err()).contains("jfairing: error: " + message);
        assertThat(run.out()).isEmpty();
    }
}
