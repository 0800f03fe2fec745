package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.extensions.display.Frontend;
import io.jfairing.extensions.fairing.FairingMagic;
import io.jfairing.extensions.metadata.MetadataMagic;
import io.jfairing.fairing.cli.JfairingCommand;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.Session;
import io.jfairing.metadata.Dataset;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each magic and its command-line twin, run against the same project (settings, SQLite store) and the same local
 * backend ({@code $JFAIRING_HOME}, set by this module's surefire configuration): the magic through
 * {@link FairingMagic}/{@link MetadataMagic} with a frontend that keeps what it shows, the twin through
 * {@link JfairingCommand#execute}. They must record the same runs, see the same jobs in the same states, and show the
 * same table rows.
 */
@Tag("slow") // child JVMs run the notebook
class MagicCommandLineTwinsTest {
    @TempDir
    Path project;

    private final List<String> printed = new ArrayList<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private Workspace workspace;
    private FairingMagic fairing;
    private MetadataMagic metadata;
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() throws Exception {
        assertThat(System.getenv("JFAIRING_HOME"))
                .as("JFAIRING_HOME (the local backend's state) is set for tests")
                .isNotBlank();
        Files.createDirectories(project.resolve(".jfairing"));
        Files.writeString(project.resolve(ProjectConfig.FILE), "metadata=store.db\nbackend=local\nexperiment=twins\n");
        Files.writeString(project.resolve("train.ipynb"), """
                {"cells": [
                  {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": null, "outputs": [],
                   "source": ["double lr = 0.1;\\n"]},
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
                   "source": ["System.out.println(\\"training with lr \\" + lr);\\n",
                              "System.out.println(\\"accuracy=\\" + (1 - Math.abs(lr - 0.3)));\\n"]}],
                 "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        workspace = new Workspace(project, new Frontend() {
            @Override
            public String display(DisplayData data) {
                return "display";
            }

            @Override
            public void update(String id, DisplayData data) {}

            @Override
            public void println(String line) {
                printed.add(line);
            }
        });
        fairing = new FairingMagic(workspace, new NoCellsSession());
        metadata = new MetadataMagic(workspace);
        savedOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(savedOut);
        for (String job : List.of("m-" + id, "c-" + id)) {
            cli("delete", job, "--backend", "local"); // what a failed test left
        }
        fairing.close();
        workspace.close();
    }

    @Test
    void trainJobsStatusLogsAndDeleteAreTheSameEitherWay() throws Exception {
        String magicJob = "m-" + id;
        String cliJob = "c-" + id;
        Object magicOutcome = magic("train --notebook train.ipynb --name " + magicJob + " -p lr=0.2 --no-logs");
        Cli cliOutcome = cli(
                "train",
                project.resolve("train.ipynb").toString(),
                "--name",
                cliJob,
                "-p",
                "lr=0.2",
                "--no-logs",
                "--output",
                "json");
        assertThat(cliOutcome.status).as(cliOutcome.err).isZero();
        assertThat(text(magicOutcome)).containsPattern("outcome\\s+SUCCEEDED");
        assertThat(cliOutcome.out).contains("\"outcome\" : \"SUCCEEDED\"");

        // the same run recorded: same experiment, params and status, one per job
        List<RunInfo> runs = workspace
                .metadata()
                .searchRuns(RunQuery.builder().experiment("twins").pageSize(10).build())
                .items();
        assertThat(runs).extracting(RunInfo::name).containsExactlyInAnyOrder(magicJob, cliJob);
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.params()).isEqualTo(Map.of("lr", "0.2"));
            assertThat(run.status().name()).isEqualTo("FINISHED");
        });

        // jobs, status and logs: the same rows, whichever side asks about whichever job
        assertThat(cli("jobs", "--project", project.toString(), "--backend", "local")
                        .out
                        .strip())
                .isEqualTo(text(magic("jobs --backend local")))
                .contains(magicJob, cliJob);
        for (String job : List.of(magicJob, cliJob)) {
            assertThat(cli("status", job, "--project", project.toString()).out.strip())
                    .isEqualTo(text(magic("status " + job)))
                    .contains("SUCCEEDED");
            printed.clear();
            magic("logs " + job);
            assertThat(cli("logs", job, "--project", project.toString())
                            .out
                            .lines()
                            .toList())
                    .isEqualTo(printed)
                    .contains("[worker-0] training with lr 0.2", "[worker-0] accuracy=0.9");
            printed.clear();
            magic("logs " + job + " --tail 1");
            assertThat(cli("logs", job, "--tail", "1", "--project", project.toString())
                            .out
                            .lines()
                            .toList())
                    .isEqualTo(printed)
                    .containsExactly("[worker-0] accuracy=0.9");
        }
        assertThat(cli("status", cliJob, "--project", project.toString(), "--output", "json").out)
                .contains("\"replica\" : \"worker-0\"", "\"phase\" : \"SUCCEEDED\"", "\"exit code\" : \"0\"");

        // each side deletes the other's job; then neither side lists either
        printed.clear();
        magic("delete " + cliJob);
        assertThat(printed).containsExactly("deleted job " + cliJob + " on local");
        assertThat(cli("delete", magicJob, "--project", project.toString()).out.strip())
                .isEqualTo("deleted job " + magicJob + " on local");
        String magicJobs = text(magic("jobs"));
        assertThat(cli("jobs", "--project", project.toString()).out.strip()).isEqualTo(magicJobs);
        assertThat(magicJobs).doesNotContain(magicJob).doesNotContain(cliJob);
    }

    @Test
    void pipelineCompileRunStatusAndLogsAreTheSameEitherWay() throws Exception {
        Files.writeString(project.resolve("pipe.ipynb"), """
                {"cells": [
                  {"cell_type": "code", "metadata": {"tags": ["pipeline-parameters"]}, "execution_count": null,
                   "outputs": [], "source": ["int n = 3;\\n"]},
                  {"cell_type": "code", "metadata": {"tags": ["step:count"]}, "execution_count": null, "outputs": [],
                   "source": ["int total = n * 2;\\n"]},
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
                   "source": ["%%fairing step report --after count\\n", "System.out.println(\\"total \\" + total);\\n"]}],
                 "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        String magicSteps = text(magic("pipeline compile pipe.ipynb --file magic.yaml"));
        Cli cliSteps = cli(
                "pipeline",
                "compile",
                project.resolve("pipe.ipynb").toString(),
                "--file",
                project.resolve("cli.yaml").toString());
        assertThat(cliSteps.status).as(cliSteps.err).isZero();
        assertThat(magicSteps).contains("count", "report", "total<-count", "NUMBER_INTEGER");
        assertThat(cliSteps.out.replace("cli.yaml", "magic.yaml").strip()).isEqualTo(magicSteps.strip());
        assertThat(Files.readString(project.resolve("cli.yaml")))
                .isEqualTo(Files.readString(project.resolve("magic.yaml")));

        String magicRun = text(magic("pipeline run pipe.ipynb -p n=5"));
        assertThat(magicRun).containsPattern("count\\s+SUCCEEDED").containsPattern("report\\s+SUCCEEDED");
        Cli cliRun = cli(
                "pipeline",
                "run",
                project.resolve("pipe.ipynb").toString(),
                "-p",
                "n=5",
                "--project",
                project.toString());
        assertThat(cliRun.status).as(cliRun.err).isZero();
        assertThat(cliRun.out).containsPattern("count\\s+CACHED").containsPattern("report\\s+CACHED");
        assertThat(text(magic("pipeline status")))
                .isEqualTo(cli("pipeline", "status").out.strip());
        assertThat(cli("pipeline", "logs", "report").out).contains("cached");

        // --build and --backend parse the same way and fail the same way: a registry that is not there
        String unreachable = " --build --image-repository 127.0.0.1:1/team --base 127.0.0.1:1/jre:17";
        assertThatThrownBy(() -> magic("pipeline compile pipe.ipynb" + unreachable))
                .hasMessageContaining("the image of step count did not build")
                .hasMessageContaining("127.0.0.1:1");
        Cli cliBuild = cli(("pipeline compile " + project.resolve("pipe.ipynb") + unreachable).split(" "));
        assertThat(cliBuild.status).isNotZero();
        assertThat(cliBuild.err)
                .contains("the image of step count did not build")
                .contains("127.0.0.1:1");
        assertThatThrownBy(() -> magic("pipeline run pipe.ipynb --backend kubernetes"))
                .hasMessageContaining("jfairing pipeline submit NOTEBOOK --build --host URL");
    }

    @Test
    void tuneFindsTheSameBestTrialEitherWay() throws Exception {
        String sweep = " --values lr=0.1,0.3 --algorithm grid --trials 2 --parallel 2 --maximize accuracy --no-logs";
        Object magicBest = magic("tune --notebook train.ipynb --name m-" + id + sweep);
        List<String> cliArgs =
                new ArrayList<>(List.of("tune", project.resolve("train.ipynb").toString(), "--name", "c-" + id));
        cliArgs.addAll(Arrays.asList(sweep.strip().split(" ")));
        Cli cliBest = cli(cliArgs.toArray(String[]::new));
        assertThat(cliBest.status).as(cliBest.err).isZero();
        String magicTable = text(magicBest);
        assertThat(magicTable).containsPattern("lr\\s+0.3").containsPattern("accuracy\\s+1\\b");
        // the same table but for the sweep's name
        assertThat(cliBest.out
                        .substring(cliBest.out.indexOf("best trial"))
                        .strip()
                        .replace("c-" + id, "m-" + id))
                .isEqualTo(magicTable);
    }

    @Test
    void metadataRunsCompareAndLineageShowTheSameTables() throws Exception {
        long first;
        long second;
        try (Run run = workspace.metadata().startRun("twins", "first")) {
            run.logParam("lr", "0.1");
            run.logMetric("accuracy", 0.8, 0);
            run.logInput(Dataset.builder()
                    .name("wine-data-" + id)
                    .uri("file:///data/wine.csv")
                    .build());
            run.logOutput(Model.builder()
                    .name("wine-model-" + id)
                    .uri("file:///models/wine.txt")
                    .build());
            first = run.id();
        }
        try (Run run = workspace.metadata().startRun("twins", "second")) {
            run.logParam("lr", "0.3");
            run.logMetric("accuracy", 0.95, 0);
            second = run.id();
        }
        String at = project.toString();
        assertThat(cli("metadata", "runs", "--project", at).out.strip())
                .isEqualTo(text(metadata("runs")))
                .contains("first", "second", "params.lr", "metrics.accuracy");
        assertThat(cli("metadata", "runs", "--project", at, "-e", "twins", "--order", "metrics.accuracy DESC")
                        .out
                        .strip())
                .isEqualTo(text(metadata("runs -e twins --order 'metrics.accuracy DESC'")));
        assertThat(cli("metadata", "compare", first + "", second + "", "--project", at)
                        .out
                        .strip())
                .isEqualTo(text(metadata("compare " + first + " " + second)))
                .contains("* params.lr");
        assertThat(cli("metadata", "lineage", "wine-model-" + id, "--project", at)
                        .out
                        .strip())
                .isEqualTo(text(metadata("lineage wine-model-" + id)))
                .contains("wine-data-" + id);
        // values go into runs still running (an ended run takes no more metrics, either way)
        Run third = workspace.metadata().startRun("twins", "third");
        Run fourth = workspace.metadata().startRun("twins", "fourth");
        long open1 = third.id();
        long open2 = fourth.id();
        metadata("log --run " + open1 + " loss=0.25 --note 'from the magic'");
        Cli logged = cli(
                "metadata",
                "log",
                "--run",
                open2 + "",
                "loss=0.125",
                "--note",
                "from the command line",
                "--project",
                at);
        assertThat(logged.out.strip()).as(logged.err).isEqualTo("logged 1 value(s) and a note into run " + open2);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("logged 1 value(s) and a note into run " + open1);
        assertThat(workspace.metadata().getRun(open1).metrics()).containsEntry("loss", 0.25);
        assertThat(workspace.metadata().getRun(open2).metrics()).containsEntry("loss", 0.125);
        assertThat(workspace.metadata().getRun(open2).tags()).containsEntry("jfairing.note", "from the command line");
        third.close();
        fourth.close();
        assertThatThrownBy(() -> metadata("log --run " + first + " loss=0.5"))
                .hasMessageContaining("run " + first + " has ended (FINISHED); it takes no more metrics");
        assertThat(cli("metadata", "log", "--run", first + "", "loss=0.5", "--project", at).err)
                .contains("run " + first + " has ended (FINISHED); it takes no more metrics");
        assertThat(cli("metadata", "runs", "--project", at, "--output", "json").out)
                .contains("\"name\" : \"first\"", "\"params.lr\" : \"0.3\"", "\"metrics.accuracy\" : \"0.95\"");
    }

    @Test
    void registryMagicsAndTheirTwinsRegisterAliasAndListTheSame() throws Exception {
        long[] runs = new long[2];
        for (int i = 0; i < 2; i++) {
            try (Run run = workspace.metadata().startRun("twins", "train-" + i)) {
                run.logOutput(Model.builder()
                        .name("wine")
                        .uri("file:///models/wine-" + i + ".txt")
                        .build());
                runs[i] = run.id();
            }
        }
        String at = project.toString();
        String byMagic = text(metadata("register wine --run " + runs[0] + " --description 'first try'"));
        assertThat(byMagic).containsPattern("reference\\s+models:/wine/1").contains("first try");
        Cli byCli = cli("metadata", "register", "wine", "--run", runs[1] + "", "--alias", "champion", "--project", at);
        assertThat(byCli.status).as(byCli.err).isZero();
        assertThat(byCli.out).containsPattern("reference\\s+models:/wine/2").containsPattern("aliases\\s+champion");

        // the alias moves by the magic; both sides list the same versions and models
        assertThat(text(metadata("alias wine champion 1"))).containsPattern("aliases\\s+champion");
        String versions = text(metadata("models wine"));
        assertThat(cli("metadata", "models", "wine", "--project", at).out.strip())
                .isEqualTo(versions);
        assertThat(versions).containsPattern("(?m)^1\\s+champion\\s+" + runs[0]);
        assertThat(cli("metadata", "models", "--project", at).out.strip())
                .isEqualTo(text(metadata("models")))
                .containsPattern("wine\\s+2\\s+champion=1");
        assertThat(cli("metadata", "alias", "wine", "champion", "--project", at)
                        .out
                        .strip())
                .isEqualTo(text(metadata("alias wine champion")));

        // the same refusal either way: a version an alias points to cannot lose it by a bad move
        assertThatThrownBy(() -> metadata("alias wine champion 9"))
                .hasMessageContaining("model 'wine' has no version 9");
        assertThat(cli("metadata", "alias", "wine", "champion", "9", "--project", at).err)
                .contains("model 'wine' has no version 9");
        assertThat(cli("metadata", "alias", "wine", "champion", "--remove", "--project", at).out)
                .containsPattern("was\\s+models:/wine/1");
        assertThatThrownBy(() -> metadata("alias wine champion")).hasMessageContaining("no alias 'champion'");
    }

    @Test
    void theServeMagicFollowsAnAliasInTheRegistry() throws Exception {
        Files.writeString(project.resolve("scaler.ipynb"), """
                {"cells": [
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
                   "source": ["import io.jfairing.runtime.runner.Predictor;\\n", "import java.util.List;\\n",
                              "public class Scaler implements Predictor<List<Number>, Double> {\\n",
                              "    double factor;\\n",
                              "    public void load(java.nio.file.Path p) throws Exception { factor = Double.parseDouble(java.nio.file.Files.readString(p).strip()); }\\n",
                              "    public Double predict(List<Number> row) { return factor * row.get(0).doubleValue(); }\\n",
                              "}\\n"]}],
                 "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        for (int i = 1; i <= 2; i++) {
            Path model = Files.writeString(project.resolve("factor-" + i + ".txt"), i * 10 + "\n");
            try (Run run = workspace.metadata().startRun("twins", "scaler-" + i)) {
                run.logOutput(
                        Model.builder().name("scaler").uri(model.toString()).build());
                metadata("register scaler --run " + run.id());
            }
        }
        metadata("alias scaler champion 1");
        String name = "a-" + id;
        try {
            magic("serve --notebook scaler.ipynb --name " + name + " --model-uri models:/scaler@champion");
            assertThat(((String) magic("predict " + name + " [[2]]")).replace(" ", ""))
                    .isEqualTo("[20.0]");
            assertThat(text(metadata("models scaler")))
                    .containsPattern("(?m)^1\\s+champion\\s+\\d+\\s+\\S+\\s+" + name);
            magic("delete " + name);
            cli("metadata", "alias", "scaler", "champion", "2", "--project", project.toString());
            magic("serve --notebook scaler.ipynb --name " + name + " --model-uri models:/scaler@champion");
            assertThat(((String) magic("predict " + name + " [[2]]")).replace(" ", ""))
                    .isEqualTo("[40.0]");
        } finally {
            magic("delete " + name);
        }
    }

    @Test
    void buildPushesTheSameImageEitherWay() throws Exception {
        try {
            Object magicBuilt =
                    magic("build --notebook train.ipynb"); // the project's registry: a local one jfairing starts
            Cli cliBuilt = cli("build", project.resolve("train.ipynb").toString());
            assertThat(cliBuilt.status).as(cliBuilt.err).isZero();
            String pinned = cliBuilt.out.strip();
            assertThat(pinned).contains("/twins@sha256:");
            assertThat(text(magicBuilt)).containsPattern("image\\s+" + java.util.regex.Pattern.quote(pinned));
        } finally {
            FairingExtension.stopRegistries(); // the magic started it in this JVM: as the kernel would as it ends
        }
    }

    @Test
    void aModelServedByTheMagicAnswersTheCommandLineAsItAnswersTheMagic() throws Exception {
        Files.writeString(project.resolve("predictor.ipynb"), """
                {"cells": [
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
                   "source": ["import io.jfairing.runtime.runner.Predictor;\\n", "import java.util.List;\\n",
                              "public class Doubler implements Predictor<List<Number>, Double> {\\n",
                              "    public Double predict(List<Number> row) { return 2 * row.stream().mapToDouble(Number::doubleValue).sum(); }\\n",
                              "}\\n"]}],
                 "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        String name = "s-" + id;
        try {
            String served = text(magic("serve --notebook predictor.ipynb --name " + name));
            java.util.regex.Matcher url =
                    java.util.regex.Pattern.compile("(?m)^url\\s+(\\S+)").matcher(served);
            assertThat(url.find()).as(served).isTrue();
            String magicAnswer = (String) magic("predict " + name + " [[1,2],[3,4.5]]");
            Cli cliAnswer =
                    cli("serve", "predict", "--url", url.group(1), "--model", name, "{\"instances\": [[1,2],[3,4.5]]}");
            assertThat(cliAnswer.status).as(cliAnswer.err).isZero();
            assertThat(magicAnswer.replace(" ", "")).isEqualTo("[6.0,15.0]");
            assertThat(cliAnswer.out.strip().replace(" ", ""))
                    .isEqualTo("{\"predictions\":" + magicAnswer.replace(" ", "") + "}");
        } finally {
            magic("delete " + name);
        }
    }

    @Test
    void settingsOneSideSavesTheOtherSideReads() throws Exception {
        String at = project.toString();
        String magicSaved = text(magic("config cpu=500m namespace=team-a"));
        assertThat(magicSaved).startsWith("saved ").containsPattern("cpu\\s+500m\\s");
        assertThat(cli("config", "--project", at).out.strip()).isEqualTo(text(magic("config")));
        Cli unset = cli("config", "--unset", "cpu", "--project", at);
        assertThat(unset.status).as(unset.err).isZero();
        assertThat(unset.out.strip().replaceFirst("^saved ", ""))
                .isEqualTo(text(magic("config")))
                .containsPattern("cpu\\s+\\(default\\) \\*");
        assertThat(Files.readString(project.resolve(ProjectConfig.FILE)))
                .doesNotContain("cpu=")
                .contains("namespace=team-a", "metadata=store.db");
    }

    @Test
    void aBadArgumentIsRefusedWithTheSameMessageEitherWay() {
        Cli cli = cli("train", project.resolve("train.ipynb").toString(), "--cleanup", "sometimes");
        assertThat(cli.status).isEqualTo(2);
        assertThat(cli.err)
                .contains("--cleanup 'sometimes' is not keep, on-success or always", "Usage: jfairing train");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> magic("train --cleanup sometimes"))
                .hasMessageContaining("--cleanup 'sometimes' is not keep, on-success or always");
    }

    private Object magic(String arguments) throws Exception {
        return fairing.run(call("fairing", arguments));
    }

    private Object metadata(String arguments) throws Exception {
        return metadata.run(call("metadata", arguments));
    }

    private static String text(Object display) {
        return String.valueOf(((DisplayData) display).getData(MIMEType.TEXT_PLAIN))
                .strip();
    }

    private record Cli(int status, String out, String err) {}

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JfairingCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(status, out.toString(), err.toString());
    }

    private static MagicCall call(String magic, String arguments) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : arguments.strip().toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return new MagicCall(magic, arguments, words, null);
    }

    /** A kernel session that has run no cell: the magics package a saved notebook (--notebook) instead. */
    private static final class NoCellsSession implements Session {
        @Override
        public List<ExecutedCell> executedCells() {
            return List.of();
        }

        @Override
        public List<Path> classpath() {
            return List.of();
        }

        @Override
        public ClassLoader classLoader() {
            return MagicCommandLineTwinsTest.class.getClassLoader();
        }

        @Override
        public void addToClasspath(Path path) {
            throw new UnsupportedOperationException("not used by the magics");
        }

        @Override
        public Object evaluate(String code) {
            throw new UnsupportedOperationException("not used by the magics");
        }
    }
}
