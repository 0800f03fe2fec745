package io.jfairing.fairing.pipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jfairing.fairing.pipeline.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local runs kept in a runner's work folder ({@code runs/PIPELINE-ID/run.json}, written when a run ends): for
 * {@code pipeline status} and {@code pipeline logs}.
 */
public final class LocalRuns {
    static final String RUN_FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDirectory;

    public LocalRuns(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    static void write(PipelineRun run) throws IOException {
        ObjectNode root = JSON.createObjectNode()
                .put("id", run.id())
                .put("pipeline", run.pipeline())
                .put("durationMs", run.duration().toMillis());
        ArrayNode steps = root.putArray("steps");
        for (StepResult step : run.steps()) {
            ObjectNode s = steps.addObject()
                    .put("step", step.step())
                    .put("state", step.state().name())
                    .put("attempts", step.attempts())
                    .put("durationMs", step.duration().toMillis())
                    .put("log", step.log() == null ? null : step.log().toString())
                    .put("cacheKey", step.cacheKey());
            if (step.metadataRunId() != null) {
                s.put("metadataRunId", step.metadataRunId());
            }
            ObjectNode outputs = s.putObject("outputs");
            step.outputs().forEach((name, file) -> outputs.put(name, file.toString()));
        }
        Files.createDirectories(run.folder());
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(run.folder().resolve(RUN_FILE).toFile(), root);
    }

    /** Every recorded run, newest first. */
    public List<PipelineRun> list() throws IOException {
        Path runs = workDirectory.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> folders = Files.list(runs)) {
            files = folders.map(f -> f.resolve(RUN_FILE))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(LocalRuns::modified).reversed())
                    .toList();
        }
        List<PipelineRun> list = new ArrayList<>();
        for (Path file : files) {
            list.add(read(file));
        }
        return list;
    }

    /** The run whose id is {@code id} (or the newest one for null), or an error listing what there is. */
    public PipelineRun find(String id) throws IOException, PipelineException {
        List<PipelineRun> runs = list();
        if (runs.isEmpty()) {
            throw new PipelineException(
                    "no local pipeline runs in " + workDirectory + " yet: start one with 'pipeline run NOTEBOOK'");
        }
        if (id == null) {
            return runs.get(0);
        }
        return runs.stream()
                .filter(r -> r.id().equals(id) || (r.pipeline() + "-" + r.id()).equals(id))
                .findFirst()
                .orElseThrow(() -> new PipelineException("no local pipeline run '" + id + "'; the latest are "
                        + runs.stream().limit(5).map(PipelineRun::id).toList()));
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static PipelineRun read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<StepResult> steps = new ArrayList<>();
        for (JsonNode s : root.path("steps")) {
            Map<String, Path> outputs = new LinkedHashMap<>();
            s.path("outputs")
                    .fields()
                    .forEachRemaining(
                            e -> outputs.put(e.getKey(), Path.of(e.getValue().asText())));
            steps.add(new StepResult(
                    s.path("step").asText(),
                    StepState.valueOf(s.path("state").asText()),
                    s.path("attempts").asInt(),
                    Duration.ofMillis(s.path("durationMs").asLong()),
                    s.hasNonNull("log") ? Path.of(s.path("log").asText()) : null,
                    outputs,
                    s.hasNonNull("cacheKey") ? s.path("cacheKey").asText() : null,
                    s.hasNonNull("metadataRunId") ? s.path("metadataRunId").asLong() : null));
        }
        return new PipelineRun(
                root.path("id").asText(),
                root.path("pipeline").asText(),
                file.getParent(),
                steps,
                Duration.ofMillis(root.path("durationMs").asLong()));
    }
}
