package io.jfairing.metadata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.metadata.Dataset;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.bench.StoreSeeder;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.registry.VersionSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard view in Debian's Chromium (driven by playwright-core, {@code src/main/ui/e2e/views.mjs}) against
 * the real metadata server on 127.0.0.1 and a free port, over a SQLite store holding a small team's runs (the
 * onboarding notebooks' wine experiment: params, per-epoch curves, dataset in, model out, a serving run) and a
 * generated large experiment (5,000 runs x 20 metrics, a 10,001-node lineage graph, a 1,000,000-point curve); the
 * registry holds the wine model with two versions from those runs. A second server over an empty store shows the
 * registry's empty state.
 * The script reports what the pages show; this test asserts on it. Screenshots land in
 * {@code target/dashboard-screenshots}.
 *
 * <p>Needs node and {@code /usr/bin/chromium} ({@code bin/setup-deps}).
 */
@Tag("slow")
class DashboardIT {
    static final Path UI = Path.of("src/main/ui").toAbsolutePath();
    static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyViewShowsTheStore() throws Exception {
        requireTools();
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            Map<String, Object> seeded = seedWineRuns(store);
            StoreSeeder.Seeded large = new StoreSeeder(5_000, 20, 5_000, 1_000_000).seed(store, "generated");
            try (MetadataStore emptyStore = MetadataStore.open(dir.resolve("empty.db"));
                    MetadataServer server = MetadataServer.builder(store).start();
                    MetadataServer emptyServer =
                            MetadataServer.builder(emptyStore).start()) {
                JsonNode facts = runViews(
                        server.url(),
                        Map.of(
                                "seeded",
                                seeded,
                                "large",
                                Map.of(
                                        "experimentId", large.experimentId(),
                                        "datasetId", large.datasetId(),
                                        "longCurveRunId", large.longCurveRunId()),
                                "emptyBase",
                                emptyServer.url()));
                assertThat(facts.get("problems"))
                        .as("errors in the page or the script")
                        .isEmpty();
                checkSeeded(facts, seeded);
                checkLarge(facts);
            }
        }
    }

    private static void checkSeeded(JsonNode f, Map<String, Object> seeded) {
        assertThat(f.get("title").asText()).isEqualTo("jfairing metadata");
        assertThat(texts(f.get("experiments"))).contains("All experiments", "wine", "wine-serving", "generated");
        assertThat(f.get("csp").asText())
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
                .doesNotContain("unsafe-eval");
        // the wine experiment's three runs, newest first, with their params and metrics as columns
        assertThat(texts(f.get("runNames"))).containsExactly("lr=0.05", "lr=0.5", "lr=2.0");
        assertThat(texts(f.get("columns"))).contains("Run", "Status", "epochs", "learningRate", "accuracy", "loss");
        // sorted by accuracy, descending (clicking its header)
        List<Double> accuracy = new ArrayList<>();
        f.get("sortedAccuracy").forEach(n -> accuracy.add(Double.parseDouble(n.asText())));
        assertThat(accuracy).hasSize(3).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // the filter language, and a clear error for a bad filter (the page stays usable)
        assertThat(texts(f.get("filteredRunNames"))).containsExactly("lr=0.5");
        assertThat(f.get("badFilterError").asText()).startsWith("Filter:").contains(">");

        // the run page
        assertThat(f.get("runHeading").asText()).contains("lr=0.5").contains("FINISHED");
        assertThat(pairs(f.get("runParams")))
                .containsEntry("learningRate", "0.5")
                .containsEntry("epochs", "200")
                .containsEntry("seed", "7");
        assertThat(pairs(f.get("runTags"))).containsEntry("notebook", "01-train-and-track.ipynb");
        assertThat(f.get("runCharts").toString()).isEqualTo("[[\"accuracy\",true],[\"loss\",true]]");
        assertThat(f.get("runArtifacts").toString())
                .contains("[\"INPUT\",\"system.Dataset\",\"wine\",\"file:data/wine.csv\"]")
                .contains("[\"OUTPUT\",\"system.Model\",\"wine-softmax\",\"file:models/wine-softmax-lr0.5\"]");
        assertThat(f.get("downloadedRecord").get("uri").asText()).isEqualTo("file:data/wine.csv");
        assertThat(f.get("timeAxisCharts").asInt()).isEqualTo(2);

        // compare: overlaid curves, parallel coordinates, scatter
        assertThat(texts(f.get("compareCanvases"))).contains("overlay", "parallel", "scatter");
        assertThat(texts(f.get("compareMetricOptions"))).containsExactly("accuracy", "loss");
        assertThat(f.get("scatterParam").asText()).isEqualTo("epochs");

        // lineage: dataset -> the three runs; expanding a run shows its model and the serving run reads it
        assertThat(f.get("lineageStart").toString()).contains("wine");
        assertThat(f.get("lineageAfterExpand").toString())
                .contains("wine-softmax")
                .contains("lr=0.05")
                .contains("lr=2.0");
        assertThat(f.get("lineageDetails").asText()).isEqualTo("lr=0.5");
        assertThat(texts(f.get("lineagePicker"))).contains("wine", "clicks", "ranker-4999");
        assertThat(texts(f.get("lineageFound"))).hasSize(3).containsOnly("wine-softmax"); // one per learning rate

        // the model registry: wine with its champion alias, then its two versions, newest first, with their runs
        assertThat(f.get("models").toString())
                .isEqualTo("[{\"name\":\"wine\",\"latest\":\"2\",\"aliases\":\"champion → 2\"}]");
        List<Long> registered = longs(seeded.get("registeredRunIds"));
        JsonNode versions = f.get("modelVersions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asText()).isEqualTo("2");
        assertThat(versions.get(0).get("aliases").asText()).isEqualTo("champion");
        assertThat(versions.get(0).get("run").asText()).isEqualTo("#/runs/" + registered.get(1));
        assertThat(versions.get(0).get("uri").asText()).isEqualTo("file:models/wine-softmax-lr0.5");
        assertThat(versions.get(0).get("deployments").asText()).isEqualTo("kubeflow-user/wine");
        assertThat(versions.get(1).get("version").asText()).isEqualTo("1");
        assertThat(versions.get(1).get("aliases").asText()).isEmpty();
        assertThat(versions.get(1).get("run").asText()).isEqualTo("#/runs/" + registered.get(0));
        assertThat(versions.get(1).get("uri").asText()).isEqualTo("file:models/wine-softmax-lr2.0");
        assertThat(versions.get(1).get("deployments").asText()).isEmpty();
        // the run link opens the run that made version 1
        assertThat(f.get("versionRunHeading").asText()).contains("lr=2.0");
        // no registered models in a store, or no registry on an older server (404): the empty state, not an error
        assertThat(f.get("modelsEmptyText").asText())
                .contains("No registered models yet")
                .doesNotContain("answered");
        assertThat(f.get("modelsOldServerText").asText())
                .contains("no model registry")
                .doesNotContain("answered 404", "no endpoint");
    }

    private static void checkLarge(JsonNode f) {
        assertThat(f.get("largeRows").asInt()).isEqualTo(100);
        assertThat(f.get("largeStatus").asText()).isEqualTo("Runs 1-100 (more)");
        assertThat(f.get("largeFirstPaintMs").asDouble()).isPositive();
        assertThat(f.get("largeSecondPage").asText()).startsWith("Runs 101-200");
        // the 1,000,000-point curve reaches the page downsampled on the server, spikes kept
        assertThat(f.get("longCurveRequest").asText()).contains("maxPoints=1000");
        JsonNode curve = f.get("longCurvePoints");
        assertThat(curve.get("count").asInt()).isEqualTo(1000);
        assertThat(curve.get("lastStep").asLong()).isEqualTo(999_999);
        assertThat(curve.get("max").asDouble()).isGreaterThan(3.0);
        // 10,001-node lineage: 25 neighbours at a time, the rest behind "+N more"
        assertThat(f.get("bigLineageStatus").asText()).startsWith("26 nodes shown, 4975 more");
        assertThat(f.get("bigLineageNodesAfterMore").asInt()).isEqualTo(51);
        assertThat(f.get("bigLineageHiddenAfterMore").asInt()).isEqualTo(4950);
        assertThat(f.get("bigLineageModels").asInt()).isEqualTo(1);
        // past 300 nodes (plain ranks instead of dagre): every node shown is drawn, none on top of another, each
        // shown run joined to the dataset and the expanded run to its model
        JsonNode deep = f.get("deepLineage");
        int nodes = deep.get("nodes").asInt();
        assertThat(nodes).isGreaterThan(300);
        assertThat(deep.get("drawn").asInt()).isEqualTo(nodes);
        assertThat(deep.get("overlaps").asInt()).isZero();
        assertThat(deep.get("edges").asInt()).isEqualTo(nodes - 1);
        assertThat(deep.get("hidden").asInt()).isEqualTo(5_002 - nodes);
        assertThat(deep.get("status").asText()).startsWith(nodes + " nodes shown, " + (5_002 - nodes) + " more");
    }

    /** The wine experiment as the onboarding notebooks log it: three learning rates, a dataset, models, serving. */
    private static Map<String, Object> seedWineRuns(MetadataStore store) {
        List<Long> ids = new ArrayList<>();
        Artifact dataset = null;
        Artifact served = null;
        double[] rates = {2.0, 0.5, 0.05};
        for (int i = 0; i < rates.length; i++) {
            double lr = rates[i];
            try (Run run = store.startRun(RunSpec.builder("wine")
                    .name("lr=" + lr)
                    .startTime(1_764_000_000_000L + i * 60_000L)
                    .tag("notebook", "01-train-and-track.ipynb")
                    .build())) {
                run.logParams(Map.of("learningRate", lr, "epochs", 200, "seed", 7));
                dataset = run.logInput(Dataset.builder()
                        .name("wine")
                        .uri("file:data/wine.csv")
                        .version("uci-1991")
                        .build());
                for (int epoch = 0; epoch < 200; epoch++) {
                    double loss = 0.08 + 1.02 * Math.exp(-lr * epoch / 60) + (lr > 1 ? 0.02 * Math.sin(epoch) : 0);
                    run.logMetric("loss", loss, epoch, 1_764_000_000_000L + i * 60_000L + epoch * 50L);
                    run.logMetric("accuracy", 1 - loss / 2, epoch, 1_764_000_000_000L + i * 60_000L + epoch * 50L);
                }
                Artifact model = run.logOutput(Model.builder()
                        .name("wine-softmax")
                        .uri("file:models/wine-softmax-lr" + lr)
                        .framework("jfairing-notebook")
                        .hyperparameter("learningRate", lr)
                        .build());
                if (lr == 0.5) {
                    served = model;
                }
                ids.add(run.id());
            }
        }
        try (Run serving = store.startRun(RunSpec.builder("wine-serving")
                .name("serve wine-softmax")
                .tag("notebook", "05-serving.ipynb")
                .build())) {
            serving.logInput(Model.builder()
                    .name("wine-softmax")
                    .uri("file:models/wine-softmax-lr0.5")
                    .framework("jfairing-notebook")
                    .hyperparameter("learningRate", 0.5)
                    .build());
        }
        assertThat(served).isNotNull();
        // the registry: lr=2.0's model as version 1, lr=0.5's as version 2, the champion, served by a deployment
        ModelRegistry registry = store.registry();
        registry.createModel("wine", "softmax regression on the UCI wine data");
        registry.registerVersion("wine", VersionSpec.ofRun(ids.get(0)).withDescription("lr 2.0"));
        registry.registerVersion("wine", VersionSpec.ofRun(ids.get(1)).withDescription("lr 0.5"));
        registry.setAlias("wine", "champion", 2);
        registry.recordDeployment("wine", 2, "kubeflow-user/wine");
        return Map.of(
                "experiment", "wine",
                "runIds", List.of(ids.get(1), ids.get(0), ids.get(2)),
                "datasetId", dataset.id(),
                "filter", "params.learningRate = '0.5'",
                "scatterParam", "epochs",
                "modelName", "wine",
                "registeredRunIds", List.of(ids.get(0), ids.get(1)));
    }

    private JsonNode runViews(String url, Map<String, Object> scenario) throws Exception {
        Path out = dir.resolve("views.out");
        Path err = dir.resolve("views.err");
        Process p = new ProcessBuilder(
                        "node", "e2e/views.mjs", url, SCREENSHOTS.toString(), JSON.writeValueAsString(scenario))
                .directory(UI.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser script did not finish in 5 minutes: " + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue())
                .as("node e2e/views.mjs failed:\n" + Files.readString(err))
                .isZero();
        String last = stdout.substring(stdout.lastIndexOf('\n') + 1);
        return JSON.readTree(last);
    }

    private static void requireTools() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("/usr/bin/chromium is missing: install Debian's chromium (bin/setup-deps)");
        }
        if (!Files.isDirectory(UI.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is missing from " + UI + "/node_modules: the build's `npm ci` installs it");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Long> longs(Object list) {
        List<Long> out = new ArrayList<>();
        ((List<?>) list).forEach(n -> out.add(((Number) n).longValue()));
        return out;
    }

    private static Map<String, String> pairs(JsonNode array) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        array.forEach(n -> out.put(n.get(0).asText(), n.get(1).asText()));
        return out;
    }
}
