package io.jfairing.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each onboarding notebook's outputs must show, beyond "no cell failed". */
final class OnboardingChecks {
    private OnboardingChecks() {}

    static void trainAndTrack(NotebookExecutionIT.Notebook nb) {
        assertThat(nb.textOf("import java.nio.file.*;"))
                .contains("178 wines, 13 measurements each, cultivars [0, 1, 2]");
        String trained = nb.textOf("Path modelFile");
        Matcher accuracy = Pattern.compile("test accuracy (\\d\\.\\d+), recorded as run \\d+")
                .matcher(trained);
        assertThat(accuracy.find()).as(trained).isTrue();
        assertThat(Double.parseDouble(accuracy.group(1)))
                .as("held-out accuracy")
                .isGreaterThan(0.9);
        assertThat(nb.textOf("%metadata runs")).contains("softmax lr=0.5 epochs=200", "FINISHED", "metrics.accuracy");
        assertThat(nb.cellStartingWith("%metadata plot")
                        .path("outputs")
                        .get(0)
                        .path("data")
                        .path("image/svg+xml")
                        .toString())
                .as("the loss curve as SVG")
                .contains("<svg");
    }

    static void container(NotebookExecutionIT.Notebook nb) {
        assertThat(nb.textOf("%fairing build")).contains("sha256:", "dependencies", "code", "files");
        String trained = nb.textOf("%fairing train");
        assertThat(trained).contains("[worker-0] 178 wines", "[worker-0] test accuracy", "SUCCEEDED");
        assertThat(trained)
                .as("printf lines arrive whole from the container's log")
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:");
        assertThat(nb.textOf("%fairing status")).contains("SUCCEEDED", "worker-0");
    }

    static void distributed(NotebookExecutionIT.Notebook nb) {
        String alone = nb.textOf("TrainingContext job = TrainingContext.current();");
        String checksum = checksums(alone).get(0);
        String job = nb.textOf("%fairing train");
        assertThat(job).contains("[master-0] rank 0 of 2 (master)", "[worker-0] rank 1 of 2 (worker)", "SUCCEEDED");
        assertThat(job)
                .containsPattern("\\[master-0] rank 0 trained on 63 wines")
                .containsPattern("\\[worker-0] rank 1 trained on 62 wines");
        assertThat(checksums(job))
                .as("both replicas end with the weights one process gets")
                .containsExactly(checksum, checksum);
    }

    private static List<String> checksums(String text) {
        return Pattern.compile("weights checksum (\\d+\\.\\d+)")
                .matcher(text)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    static void sweep(NotebookExecutionIT.Notebook nb) {
        String sweep = nb.textOf("%fairing tune");
        assertThat(sweep).contains("wine-sweep (SUCCEEDED, 9 trials)");
        assertThat(sweep)
                .as("the lowest loss: the largest rate, the most epochs")
                .containsPattern("learningRate\\s+0\\.9")
                .containsPattern("epochs\\s+150");
    }

    static void serving(NotebookExecutionIT.Notebook nb) {
        assertThat(nb.textOf("%%fairing serve")).contains("/v1/models/wine:predict", "/v2/models/wine/infer");
        List<String> predictions = nb.codeCells().stream()
                .filter(c -> NotebookExecutionIT.text(c.path("source")).startsWith("%fairing predict"))
                .map(nb::textOf)
                .toList();
        assertThat(predictions.get(0))
                .as("V1: cultivars of the first, 69th and last wines")
                .contains("[0,1,2]");
        assertThat(predictions.get(1)).as("V2").contains("\"data\":[0,1,2]");
        assertThat(NotebookExecutionIT.text(nb.codeCells().stream()
                        .filter(c -> NotebookExecutionIT.text(c.path("source")).contains("[[14.23, 1.71]]"))
                        .findFirst()
                        .orElseThrow()
                        .path("outputs")
                        .get(0)
                        .path("evalue")))
                .contains("a wine has 13 measurements, got 2");
        assertThat(nb.textOf("%metadata lineage wine-served"))
                .contains("system.Model", "wine-served", "system.Dataset");
    }

    static void lineage(NotebookExecutionIT.Notebook nb) {
        assertThat(nb.textOf("%metadata compare")).contains("comparison of 3 runs", "metrics.loss");
        assertThat(nb.textOf("%metadata lineage wine-softmax"))
                .contains("system.Dataset", "wine-softmax", "→ output →");
        assertThat(nb.textOf("%metadata lineage wine ")).contains("→ input of →");
    }

    private static String errors(com.fasterxml.jackson.databind.JsonNode cell) {
        StringBuilder text = new StringBuilder();
        for (var output : cell.path("outputs")) {
            if (output.path("output_type").asText().equals("error")) {
                text.append(output.path("evalue").asText()).append('\n');
            }
        }
        return text.toString();
    }

    static void pipelines(NotebookExecutionIT.Notebook nb) {
        assertThat(nb.textOf("%fairing pipeline compile"))
                .contains("07-pipelines.yaml", "train-softmax", "features<-features", "system.Model");
        List<String> runs = nb.codeCells().stream()
                .filter(c -> NotebookExecutionIT.text(c.path("source")).startsWith("%fairing pipeline run"))
                .map(c -> nb.textOf(c) + errors(c))
                .toList();
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0)).as("first run").contains("SUCCEEDED").doesNotContain("CACHED");
        assertThat(runs.get(1)).as("unchanged re-run").contains("CACHED").doesNotContain("SUCCEEDED", "FAILED");
        assertThat(runs.get(2))
                .as("a failing step")
                .contains("failed at step 'train-softmax'", "train-softmax was asked to fail");
        assertThat(nb.textOf("%fairing pipeline logs train-softmax")).contains("train-softmax was asked to fail");
        assertThat(nb.textOf("%metadata lineage serve.servedModel"))
                .contains(
                        "evaluate.model",
                        "train-softmax.softmax",
                        "train-centroid.centroid",
                        "features.features",
                        "load.rows",
                        "data");
    }
}
