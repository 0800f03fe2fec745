package io.jfairing.extensions.metadata;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.display.HtmlTable;
import io.jfairing.extensions.display.MetricChart;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.extensions.magic.MagicCommandLine;
import io.jfairing.fairing.cli.metadata.AliasOptions;
import io.jfairing.fairing.cli.metadata.CompareOptions;
import io.jfairing.fairing.cli.metadata.LineageOptions;
import io.jfairing.fairing.cli.metadata.LogOptions;
import io.jfairing.fairing.cli.metadata.ModelsOptions;
import io.jfairing.fairing.cli.metadata.RegisterOptions;
import io.jfairing.fairing.cli.metadata.RunTables;
import io.jfairing.fairing.cli.metadata.RunsOptions;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.LineMagic;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %metadata runs|compare|plot|lineage|log}: the project's metadata store in a cell. The work is
 * metadata-client's; this class parses arguments and renders tables and charts.
 */
public final class MetadataMagic implements LineMagic {
    private final Workspace workspace;

    public MetadataMagic(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public Object run(MagicCall call) throws Exception {
        MagicCommandLine line = commandLine();
        try {
            return line.run(call.arguments(), System.out).orElse(null);
        } catch (MetadataException e) {
            throw new CellException("MetadataException", "%metadata: " + e.getMessage());
        }
    }

    MagicCommandLine commandLine() {
        return new MagicCommandLine("metadata", new Root())
                .addSubcommand("runs", new Runs())
                .addSubcommand("compare", new Compare())
                .addSubcommand("plot", new Plot())
                .addSubcommand("lineage", new LineageCommand())
                .addSubcommand("log", new Log())
                .addSubcommand("models", new Models())
                .addSubcommand("register", new Register())
                .addSubcommand("alias", new Alias());
    }

    @Command(
            name = "%metadata",
            description = {
                "Runs, metrics, models, datasets and lineage in the project's metadata store.",
                "The store is the 'metadata' setting of %%fairing config (default ~/.jfairing/metadata.db)."
            })
    static final class Root {}

    @Command(name = "runs", description = "List runs as a table, newest first.")
    final class Runs implements Callable<Object> {
        @Mixin
        RunsOptions options = new RunsOptions();

        @Override
        public Object call() throws Exception {
            return html(options.table(workspace.metadata(), workspace.metadataLocation()));
        }
    }

    /** A run search: each part only when given. */
    static RunQuery query(String experiment, String filter, String order, int limit) {
        return RunTables.query(experiment, filter, order, limit);
    }

    static String format(double value) {
        return RunTables.format(value);
    }

    /** A shared table, as the cell shows it. */
    static Object html(ResultTable table) {
        return new HtmlTable(table.caption(), table.header(), table.rows()).toDisplayData();
    }

    @Command(
            name = "compare",
            description = {
                "Params and metrics of runs side by side; params that differ come first, marked *. Name the runs, or "
                        + "let a query choose them:",
                "  %%metadata compare 12 15 17",
                "  %%metadata compare --experiment wine --order \"metrics.loss ASC\" -n 3"
            })
    final class Compare implements Callable<Object> {
        @Mixin
        CompareOptions options = new CompareOptions();

        @Override
        public Object call() throws Exception {
            return html(options.table(workspace.metadata()));
        }
    }

    @Command(name = "plot", description = "Plot a metric by step, one curve per run.")
    final class Plot implements Callable<Object> {
        @Parameters(index = "0", paramLabel = "METRIC", description = "The metric's key, e.g. loss.")
        String metric;

        @Parameters(
                index = "1..*",
                paramLabel = "RUN_ID",
                arity = "0..*",
                description = "Runs to plot (default: the experiment's latest --limit runs).")
        List<Long> runIds = new ArrayList<>();

        @Option(
                names = {"-e", "--experiment"},
                paramLabel = "NAME",
                description = "Without run ids: this experiment's runs (default: the project's).")
        String experiment;

        @Option(
                names = {"-n", "--limit"},
                defaultValue = "10",
                description = "Without run ids: this many latest runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--png", description = "A PNG image instead of SVG.")
        boolean png;

        @Option(
                names = "--size",
                paramLabel = "WxH",
                defaultValue = "720x360",
                description = "Size in pixels (default: ${DEFAULT-VALUE}).")
        String size;

        @Override
        public Object call() throws Exception {
            int[] wh = parseSize(size);
            MetadataStore store = workspace.metadata();
            List<RunInfo> runs = new ArrayList<>();
            if (runIds.isEmpty()) {
                String exp = experiment != null ? experiment : workspace.experiment();
                runs.addAll(store.searchRuns(RunQuery.builder()
                                .experiment(exp)
                                .pageSize(Math.max(1, Math.min(limit, 100)))
                                .build())
                        .items());
            } else {
                for (long id : runIds) {
                    runs.add(store.getRun(id));
                }
            }
            MetricChart chart = new MetricChart(metric, metric);
            for (RunInfo run : runs) {
                List<MetricPoint> history = store.metricHistory(run.id(), metric, 2000);
                if (!history.isEmpty()) {
                    chart = chart.withSeries(
                            "run " + run.id() + (run.name() == null ? "" : " " + run.name()),
                            history.stream()
                                    .map(p -> new MetricChart.Point(p.step(), p.value()))
                                    .toList());
                }
            }
            if (chart.isEmpty()) {
                throw new ArgumentException("no run among "
                        + runs.stream().map(r -> Long.toString(r.id())).toList() + " logged metric '" + metric + "'");
            }
            return chart.toDisplayData(png, wh[0], wh[1]);
        }
    }

    static int[] parseSize(String text) throws ArgumentException {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(parts[0].strip());
            int h = Integer.parseInt(parts[1].strip());
            if (parts.length == 2 && w >= 100 && h >= 100 && w <= 4000 && h <= 4000) {
                return new int[] {w, h};
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new ArgumentException("--size '" + text + "' is not WIDTHxHEIGHT between 100 and 4000, e.g. 720x360");
    }

    @Command(
            name = "lineage",
            description = "What an artifact (model, dataset, metrics) was made from and what was made from it.")
    final class LineageCommand implements Callable<Object> {
        @Mixin
        LineageOptions options = new LineageOptions();

        @Override
        public Object call() throws Exception {
            return html(options.table(workspace.metadata()));
        }
    }

    static long resolveArtifact(MetadataStore store, String text) throws io.jfairing.fairing.cli.UsageException {
        return RunTables.resolveArtifact(store, text);
    }

    @Command(
            name = "log",
            description = {
                "Log quick notes into the notebook's run (or --run ID): numbers become metrics, other values params.",
                "  %%metadata log accuracy=0.93 model=knn",
                "  %%metadata log --note \"baseline before feature scaling\""
            })
    final class Log implements Callable<Object> {
        @Mixin
        LogOptions options = new LogOptions();

        @Option(names = "--run", paramLabel = "RUN_ID", description = "Log into this run instead of the notebook's.")
        Long runId;

        @Override
        public Object call() throws Exception {
            options.check();
            Run run = runId != null ? workspace.metadata().attachRun(runId) : workspace.notebookRun();
            System.out.println(options.logInto(run));
            return null;
        }
    }

    @Command(
            name = "models",
            description = {
                "Registered models, or one model's versions with their aliases, runs and deployments.",
                "  %%metadata models",
                "  %%metadata models wine"
            })
    final class Models implements Callable<Object> {
        @Mixin
        ModelsOptions options = new ModelsOptions();

        @Override
        public Object call() throws Exception {
            return html(options.table(workspace.metadata()));
        }
    }

    @Command(
            name = "register",
            description = {
                "Register a run's model (default: the notebook's run) as the next version of a registered model; serve it"
                        + " with %%fairing serve --model-uri models:/NAME/VERSION or models:/NAME@ALIAS.",
                "  %%metadata register wine --alias champion",
                "  %%metadata register wine --run 12 --description \"softmax, lr 0.1\""
            })
    final class Register implements Callable<Object> {
        @Mixin
        RegisterOptions options = new RegisterOptions();

        @Override
        public Object call() throws Exception {
            Long notebookRun = options.runId == null && options.artifactId == null
                    ? workspace.notebookRun().id()
                    : null;
            return html(options.register(workspace.metadata(), notebookRun));
        }
    }

    @Command(
            name = "alias",
            description = {
                "Point an alias at a version (moving it in one step), show where it points, or remove it.",
                "  %%metadata alias wine champion 3",
                "  %%metadata alias wine champion --remove"
            })
    final class Alias implements Callable<Object> {
        @Mixin
        AliasOptions options = new AliasOptions();

        @Override
        public Object call() throws Exception {
            return html(options.apply(workspace.metadata()));
        }
    }
}
