package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pipeline from a notebook's cell tags, in the manner of Kale: {@code step:NAME} starts a step (untagged cells
 * after it belong to it), {@code prev:A} runs it after step A (a tag for each; notebook tags cannot hold commas, so {@code prev:A,B} is for
 * the Java API and {@code %%fairing step}), , {@code imports} and {@code functions} cells run
 * in every step, {@code pipeline-parameters} declares the parameters, {@code pipeline-metrics} is a cell (Java, it runs in
 * the kernel too) whose variables that steps declare are recorded as metrics, {@code skip} leaves a cell out, {@code resources:cpu=2}, {@code resources:gpu=1} (a tag each) and {@code retries:N}
 * set a step's resources and retries, {@code if:coin==heads} runs it only when the condition holds ({@link StepCondition}), {@code for:item:items} runs it for each element ({@link StepLoop}), {@code collect:LIST=VALUE} gives a step after a loop the list of every run's value ({@link StepCollected}), {@code outputs:X,Y} writes values no later step reads (models always are), and {@code pvc:}, {@code secret-env:}, {@code secret-volume:}, {@code configmap-env:}, {@code configmap-volume:}, {@code node-selector:}, {@code toleration:}, {@code image-pull-secret:} tags set its pod's Kubernetes settings ({@link StepKubernetes#parseTag}). A cell may instead start with {@code %%fairing step NAME [--after A,B]
 * [--outputs X,Y] [--resources ...] [--retries N] [--collect LIST=VALUE] [--pvc CLAIM:/PATH] ...} (an option per tag kind). Markdown cells are ignored.
 */
public final class NotebookPipeline {
    private static final Pattern STEP_MAGIC = Pattern.compile("^%%fairing\\s+step\\b([^\\n]*)\\n?");

    private NotebookPipeline() {}

    /** The pipeline of the notebook file, named after it, reading relative paths from its folder. */
    public static Pipeline.Builder read(Path notebook) throws PipelineException {
        Notebook parsed;
        try {
            parsed = NotebookReader.read(notebook);
        } catch (io.jfairing.fairing.FairingException e) {
            throw new PipelineException("cannot read " + notebook + ": " + e.getMessage(), e);
        }
        Path folder = notebook.toAbsolutePath().getParent();
        return of(parsed).baseDirectory(folder);
    }

    /** The pipeline of a notebook's cells. */
    public static Pipeline.Builder of(Notebook notebook) throws PipelineException {
        Pipeline.Builder pipeline = Pipeline.builder(notebook.name().replaceFirst("\\.ipynb$", ""));
        Step.Builder current = null;
        for (NotebookCell cell : notebook.cells()) {
            if (!cell.isCode() || cell.source().isBlank()) {
                continue;
            }
            List<String> tags = new ArrayList<>(cell.tags());
            String source = cell.source();
            Matcher magic = STEP_MAGIC.matcher(source);
            if (magic.find()) {
                tags.addAll(magicTags(magic.group(1).trim(), cell));
                source = source.substring(magic.end());
            }
            if (tags.contains("skip") || tags.contains(NotebookCell.SKIP)) {
                continue;
            }
            NotebookCell body = new NotebookCell(cell.number(), cell.type(), source, cell.tags());
            if (tags.contains("imports") || tags.contains("functions")) {
                pipeline.shared(body);
                continue;
            }
            if (tags.contains("pipeline-parameters") || tags.contains(NotebookCell.PARAMETERS)) {
                pipeline.parameterCell(body);
                continue;
            }
            if (tags.contains("pipeline-metrics")) {
                pipeline.metrics(Identifiers.in(source).toArray(String[]::new));
                continue;
            }
            String stepName = null;
            for (String tag : tags) {
                if (tag.startsWith("step:") || tag.startsWith("block:")) {
                    stepName = tag.substring(tag.indexOf(':') + 1).trim();
                }
            }
            if (stepName != null && (current == null || !current.name().equals(stepName))) {
                try {
                    current = Step.builder(stepName);
                } catch (IllegalArgumentException e) {
                    throw new PipelineException("cell " + cell.number() + ": " + e.getMessage());
                }
                pipeline.step(current);
            }
            if (current == null) {
                throw new PipelineException("cell " + cell.number() + " belongs to no step: tag it step:NAME,"
                        + " imports, functions, pipeline-parameters or skip (first line: "
                        + source.lines().findFirst().orElse("") + ")");
            }
            for (String tag : tags) {
                if (tag.startsWith("prev:")) {
                    for (String prev : tag.substring(5).split(",")) {
                        if (!prev.isBlank()) {
                            current.after(prev.trim());
                        }
                    }
                } else if (tag.startsWith("outputs:")) {
                    for (String output : tag.substring("outputs:".length()).split(",")) {
                        if (!output.isBlank()) {
                            current.outputs(output.trim());
                        }
                    }
                } else if (tag.startsWith("resources:")) {
                    try {
                        current.addResources(StepResources.parse(tag.substring("resources:".length())));
                    } catch (PipelineException | IllegalArgumentException e) {
                        throw new PipelineException("cell " + cell.number() + ": " + e.getMessage());
                    }
                } else if (StepKubernetes.tagKinds().contains(tag.substring(0, Math.max(0, tag.indexOf(':'))))) {
                    try {
                        current.addKubernetes(StepKubernetes.parseTag(tag));
                    } catch (PipelineException | IllegalArgumentException e) {
                        throw new PipelineException("cell " + cell.number() + ": " + e.getMessage());
                    }
                } else if (tag.startsWith("for:")) {
                    try {
                        current.loop(StepLoop.parse(tag.substring("for:".length())));
                    } catch (PipelineException e) {
                        throw new PipelineException("cell " + cell.number() + ": " + e.getMessage());
                    }
                } else if (tag.startsWith("collect:")) {
                    try {
                        current.collect(StepCollected.parse(tag.substring("collect:".length())));
                    } catch (PipelineException e) {
                        throw new PipelineException("cell " + cell.number() + ": " + e.getMessage());
                    }
                } else if (tag.startsWith("if:")) {
                    try {
                        current.when(tag.substring("if:".length()));
                    } catch (PipelineException e) {
                        throw new PipelineException("cell " + cell.number() + ": " + e.getMessage());
                    }
                } else if (tag.startsWith("retries:")) {
                    try {
                        current.retries(Integer.parseInt(
                                tag.substring("retries:".length()).trim()));
                    } catch (IllegalArgumentException e) {
                        throw new PipelineException("cell " + cell.number() + ": retries takes a whole number, not '"
                                + tag.substring("retries:".length()) + "'");
                    }
                }
            }
            current.cell(body);
        }
        return pipeline;
    }

    /**
     * The tags {@code %%fairing step NAME --after A,B --outputs X --resources ... --retries N} stands for; an error
     * for arguments it cannot take (the kernel checks a step cell's arguments with it before running the body).
     */
    public static List<String> stepTags(String arguments) throws PipelineException {
        return magicTags(arguments, NotebookCell.code(0, ""));
    }

    static List<String> magicTags(String arguments, NotebookCell cell) throws PipelineException {
        String[] words = arguments.isBlank() ? new String[0] : arguments.split("\\s+");
        if (words.length == 0 || words[0].startsWith("-")) {
            throw new PipelineException("cell " + cell.number()
                    + ": %%fairing step needs a name: %%fairing step NAME [--after A,B] [--resources cpu=1]"
                    + " [--retries N]");
        }
        List<String> tags = new ArrayList<>();
        tags.add("step:" + words[0]);
        for (int i = 1; i < words.length; i++) {
            String option = words[i];
            if (i + 1 >= words.length) {
                throw new PipelineException("cell " + cell.number() + ": " + option + " needs a value");
            }
            String value = words[++i];
            switch (option) {
                case "--after", "--prev" -> tags.add("prev:" + value);
                case "--resources" -> tags.add("resources:" + value);
                case "--retries" -> tags.add("retries:" + value);
                case "--outputs" -> tags.add("outputs:" + value);
                case "--if" -> tags.add("if:" + value);
                case "--for" -> tags.add("for:" + value);
                case "--collect" -> tags.add("collect:" + value);
                default -> {
                    String kind = option.substring(Math.min(2, option.length()));
                    if (!option.startsWith("--") || !StepKubernetes.tagKinds().contains(kind)) {
                        throw new PipelineException("cell " + cell.number() + ": unknown option " + option
                                + " of %%fairing step (use --after, --outputs, --resources, --retries, --if, --for,"
                                + " --collect, "
                                + String.join(
                                        ", ",
                                        StepKubernetes.tagKinds().stream()
                                                .map(k -> "--" + k)
                                                .toList())
                                + ")");
                    }
                    tags.add(kind + ":" + value);
                }
            }
        }
        return tags;
    }
}
