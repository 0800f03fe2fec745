package io.jfairing.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jfairing inside a real JupyterLab 4 in Chromium: the Java kernel, its widgets and the jfairing panel, clicked and
 * typed in the page as a person would, and what the page then shows. Screenshots go to {@code target/screenshots}.
 */
class JupyterLabBrowserIT {
    @TempDir
    static Path root;

    static Path labDir;
    static Path build;
    static LabServer server;

    @BeforeAll
    static void startJupyterLab() throws Exception {
        labDir = Path.of(System.getProperty("lab.dir", ".")).toAbsolutePath().normalize();
        build = JupyterLabBuild.ensure(labDir.resolve("app"), labDir.resolve("target"));
        server = LabServer.start(labDir, build, root);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aJavaNotebookFromTheLauncherRunsCellsCompletesInspectsStopsAndRestarts() throws Exception {
        JsonNode r = BrowserScenario.run(labDir, build, server, "kernel-basics", Map.of());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(outputs(r, "streamAndResult"))
                .containsExactly("application/vnd.jupyter.stdout: hello from Java\n", "text/plain: 2");
        soft.assertThat(outputs(r, "compileError"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("application/vnd.jupyter.stderr: line 1: incompatible types")
                .contains("int broken = \"text\";");
        soft.assertThat(outputs(r, "exception"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("java.lang.IllegalStateException: boom");
        soft.assertThat(texts(r.path("completions"))).contains("toUpperCase");
        soft.assertThat(r.path("completedSource").asText()).isEqualTo("\"abc\".toUpperCase");
        soft.assertThat(r.path("inspector").asText()).contains("int Math.max(int a, int b)");
        soft.assertThat(outputs(r, "interrupted"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("interrupted");
        soft.assertThat(outputs(r, "afterInterrupt")).containsExactly("text/plain: 42");
        soft.assertThat(outputs(r, "afterRestart"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("cannot find symbol")
                .contains("kept");
        soft.assertThat(outputs(r, "afterRestartFresh")).containsExactly("text/plain: restarted 42");
        soft.assertThat(r.path("pageLoadToKernelIdleMs").asLong()).isPositive();
        soft.assertThat(texts(r.path("screenshots"))).hasSize(6);
        soft.assertAll();
    }

    @Test
    void displaysUpdateInPlaceImagesTablesTrainingStatusAndMetricPlotsRender() throws Exception {
        JsonNode r = BrowserScenario.run(labDir, build, server, "kernel-outputs", Map.of());
        String job = r.path("jobName").asText();
        SoftAssertions soft = new SoftAssertions();
        // one display, replaced in place step by step
        soft.assertThat(texts(r.path("displaySeen")))
                .containsSubsequence("starting...", "step 1 of 5", "step 3 of 5", "step 5 of 5", "done: 5 of 5 steps");
        soft.assertThat(outputs(r, "displayFinal")).containsExactly("text/plain: done: 5 of 5 steps");
        soft.assertThat(r.path("image").path(0).path("src").asText()).startsWith("data:image/png;base64,");
        soft.assertThat(r.path("image").path(0).path("width").asInt()).isEqualTo(120);
        soft.assertThat(r.path("image").path(0).path("height").asInt()).isEqualTo(40);
        soft.assertThat(r.path("table").path(0).toString())
                .isEqualTo("[[\"model\",\"accuracy\"],[\"softmax\",\"0.94\"],[\"tree\",\"0.88\"]]");
        // the job's status line went from running to succeeded in the same place
        List<String> trainSeen = texts(r.path("trainSeen"));
        soft.assertThat(trainSeen)
                .anyMatch(t -> t.contains(job + ": RUNNING") && !t.contains("succeeded"))
                .anyMatch(t -> t.contains("job " + job + " succeeded") && !t.contains(job + ": RUNNING"));
        soft.assertThat(outputs(r, "train"))
                .anyMatch(o -> o.startsWith("text/html: job " + job + " succeeded"))
                .anyMatch(o -> o.contains("[worker-0] loss=0.25"));
        soft.assertThat(r.path("plot").path(0).path("mime").asText()).isEqualTo("image/svg+xml");
        soft.assertThat(r.path("plotSvg").asInt()).isEqualTo(1);
        soft.assertAll();
    }

    @Test
    void javaWidgetsRenderAndTheirCallbacksRunWhenThePageChangesThem() throws Exception {
        JsonNode r = BrowserScenario.run(labDir, build, server, "widgets", Map.of());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.path("interactBefore").asText()).isEqualTo("squared: 9");
        // the slider was dragged to the middle of 0..20: the Java function ran again with the new value
        int moved = Integer.parseInt(r.path("sliderReadout").asText().trim());
        soft.assertThat(moved).isBetween(8, 12);
        soft.assertThat(r.path("interactAfter").asText()).isEqualTo("squared: " + moved * moved);
        soft.assertThat(outputs(r, "sliderValueInKernel")).containsExactly("text/plain: " + moved);
        soft.assertThat(r.path("sliderKeyTripsMs")).hasSize(10);
        soft.assertThat(r.path("sliderInPageTripsMs"))
                .as("each key on the slider, dispatched in the page, updated the output")
                .hasSize(10);
        soft.assertThat(r.path("clickOutput").asText().strip()).isEqualTo("train iris with knn scale=false");
        soft.assertThat(texts(r.path("progress"))).isNotEmpty().allMatch(width -> width.equals("100%"));
        // %fairing build in a page that renders widgets: one live progress widget, ended at 100% with the image
        soft.assertThat(texts(r.path("buildProgress"))).containsExactly("100% success");
        soft.assertThat(texts(r.path("buildLabel"))).singleElement().asString().contains("progress-demo", " pushed");
        soft.assertThat(r.path("buildHtmlProgress").asInt())
                .as("no HTML <progress> as well")
                .isZero();
        soft.assertAll();
    }

    @Test
    void theJfairingPanelShowsTheNotebooksRunsCurvesAndVariablesThroughItsKernel() throws Exception {
        JsonNode r = BrowserScenario.run(labDir, build, server, "panel", Map.of());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.path("extensionLoaded").asBoolean())
                .as("the prebuilt extension loaded")
                .isTrue();
        soft.assertThat(r.path("status").asText()).isEqualTo("1000 runs");
        soft.assertThat(r.path("runRows").asInt())
                .as("the newest runs in the panel")
                .isEqualTo(100);
        soft.assertThat(r.path("moreButton").asText()).isEqualTo("Show all 1000 runs");
        soft.assertThat(r.path("allRunRows").asInt())
                .as("runs in the panel after Show all")
                .isEqualTo(1000);
        soft.assertThat(r.path("refreshMs")).hasSize(5);
        soft.assertThat(r.path("refreshTimings").path(0).path("answeredMs").asLong())
                .as("the panel keeps when the answers came")
                .isPositive();
        soft.assertThat(r.path("filteredRows")).hasSize(2);
        soft.assertThat(r.path("filteredRows").toString())
                .contains("curve-fast")
                .contains("curve-slow");
        soft.assertThat(r.path("curves")).hasSize(2);
        r.path("curves").forEach(c -> soft.assertThat(c.path("points").asInt()).isEqualTo(20));
        soft.assertThat(r.path("curveTitle").asText()).startsWith("loss: run ");
        List<String> variables = rows(r.path("variables"));
        soft.assertThat(variables).contains("[\"epochs\",\"int\",\"7\"]", "[\"model\",\"String\",\"\\\"softmax\\\"\"]");
        // this notebook started no job: the section lists only the jobs the project's store recorded, which are the
        // kernel-outputs scenario's finished %fairing train jobs when that scenario ran first in the same project
        String jobs = r.path("jobs").asText();
        if (!jobs.equals("nothing yet")) {
            List<String> lines = jobs.lines().map(String::strip).toList();
            soft.assertThat(lines.get(0)).isEqualTo("job\tkind\tstatus\trun");
            soft.assertThat(lines.subList(1, lines.size()))
                    .isNotEmpty()
                    .allMatch(line -> line.matches("lab-train-\\d+\tJob\tFINISHED\t\\d+"), "a recorded lab-train job");
        }
        // lineage: the data set both curve runs read, each run's model
        soft.assertThat(texts(r.path("lineageNodes")))
                .containsExactlyInAnyOrder(
                        "dataset:wine-data",
                        "model:model-curve-fast",
                        "model:model-curve-slow",
                        "run:curve-fast",
                        "run:curve-slow");
        soft.assertThat(r.path("lineageEdges").asInt()).isEqualTo(4);
        soft.assertAll();
    }

    @Test
    void thePanelShowsTheNotebooksSweepWithItsBestTrialAsksItsServedModelAndFollowsCancelsAndDeletesItsJob()
            throws Exception {
        JsonNode r = BrowserScenario.run(labDir, build, server, "panel-work", Map.of());
        SoftAssertions soft = new SoftAssertions();
        // live: while the tune cell still ran ([*]), the panel already showed a trial that had ended, not all three
        soft.assertThat(r.path("sweepLive").path("prompt").asText()).contains("[*]");
        List<String> live = rows(r.path("sweepLive").path("rows"));
        soft.assertThat(live.stream()
                        .filter(row -> row.contains("\"SUCCEEDED\""))
                        .count())
                .as("trials shown ended while the sweep ran: %s", live)
                .isBetween(1L, 2L);
        soft.assertThat(texts(r.path("sweepHeader")))
                .containsExactly("sweep", "trial", "phase", "loss", "best", "parameters");
        // a grid of x = 0.1, 0.5, 0.9: loss (x - 0.2)^2 is 0.01, 0.09 and 0.49; the sweep minimizes it
        List<String> sweeps = rows(r.path("sweeps"));
        soft.assertThat(sweeps).hasSize(3);
        soft.assertThat(sweeps).allMatch(row -> row.startsWith("[\"square-sweep\",") && row.contains("SUCCEEDED"));
        soft.assertThat(sweeps.stream().filter(row -> row.contains("\"best\"")))
                .singleElement()
                .asString()
                .contains("x=0.1", "0.01");
        soft.assertThat(sweeps.stream().filter(row -> row.contains("x=0.9")))
                .singleElement()
                .asString()
                .contains("0.49")
                .doesNotContain("\"best\"");
        soft.assertThat(r.path("endpoints")).hasSize(1);
        soft.assertThat(r.path("endpoints").path(0).toString())
                .startsWith("[\"adder\",\"adder\",\"local\",\"http://127.0.0.1:");
        soft.assertThat(r.path("prediction").asText()).isEqualTo("[13,17.5]"); // as the page's JSON writes 13.0
        soft.assertThat(r.path("unknownEndpoint").asText())
                .isEqualTo("this session serves no model named nosuch; it serves adder");
        // the job: its replica running, the logs its code printed, then cancelled, then deleted (no buttons left)
        soft.assertThat(r.path("jobLogs").asText()).contains("| loss=23.0", "| working");
        soft.assertThat(r.path("jobsRunning").path(0).toString())
                .startsWith("[\"slow-job\",\"local\",\"RUNNING\",\"")
                .contains(": RUNNING");
        soft.assertThat(r.path("cancelAnswer").asText()).isEqualTo("cancelled slow-job");
        soft.assertThat(r.path("jobsCancelled").path(0).toString())
                .startsWith("[\"slow-job\",\"local\",\"CANCELLED\",");
        soft.assertThat(r.path("deleteAnswer").asText()).isEqualTo("deleted slow-job");
        soft.assertThat(r.path("deleteButtonsLeft").asInt()).isZero();
        soft.assertAll();
    }

    /** {@code "mime: text"} of each output the scenario recorded under {@code key}. */
    static List<String> outputs(JsonNode result, String key) {
        List<String> out = new ArrayList<>();
        result.path(key)
                .forEach(o ->
                        out.add(o.path("mime").asText() + ": " + o.path("text").asText()));
        assertThat(result.has(key)).as("the scenario recorded " + key).isTrue();
        return out;
    }

    /** Each row of a table the page showed, as its JSON array text ({@code ["epochs","int","7"]}). */
    static List<String> rows(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(row -> out.add(row.toString()));
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
