package io.jfairing.images.cli;

import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageBuildException;
import io.jfairing.fairing.image.Sizes;
import io.jfairing.images.builder.BuiltTeamImage;
import io.jfairing.images.builder.LibraryResolver;
import io.jfairing.images.builder.ResolvedLibraries;
import io.jfairing.images.builder.TeamImageBuilder;
import io.jfairing.images.builder.TeamImageDiff;
import io.jfairing.images.spec.SpecException;
import io.jfairing.images.spec.SpecReader;
import io.jfairing.images.spec.TeamImageSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jfairing images}: build, list and compare team notebook images from their spec files. */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = "Team notebook images: one YAML spec per image (see notebook-images/examples).",
        subcommands = {ImagesCommand.Build.class, ImagesCommand.ListSpecs.class, ImagesCommand.Diff.class})
final class ImagesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: build, list or diff");
    }

    /** Options for resolving team libraries. */
    static final class MavenOptions {
        @Option(names = "--offline", description = "Resolve libraries from the local Maven repository only.")
        boolean offline;

        @Option(
                names = "--maven-repo-local",
                paramLabel = "DIR",
                description = "The local Maven repository (default: ~/.m2/repository).")
        Path localRepository;

        LibraryResolver resolver() {
            LibraryResolver resolver = LibraryResolver.standard().offline(offline);
            return localRepository == null ? resolver : resolver.withLocalRepository(localRepository);
        }
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description =
                    "Resolve the team libraries, build each spec's image and push it (only the layers the registry lacks).")
    static final class Build implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Team image spec files (YAML).")
        List<Path> specs;

        @Option(names = "--tag", description = "The tag to push (default: the spec image's tag, or latest).")
        String tag;

        @Option(names = "--insecure", description = "Allow registries over plain HTTP or with unverified certificates.")
        boolean insecure;

        @Option(
                names = "--kernel-jar",
                paramLabel = "JAR",
                description = "The kernel jar to install (default: $JFAIRING_KERNEL_JAR, or beside this tool).")
        Path kernelJar;

        @Mixin
        MavenOptions maven;

        @Override
        public Integer call() throws SpecException, IOException, ImageBuildException {
            PrintWriter out = spec.commandLine().getOut();
            List<TeamImageSpec> read = new ArrayList<>();
            for (Path file : specs) {
                read.add(SpecReader.read(file)); // every spec checked before the first build
            }
            TeamImageBuilder builder = TeamImageBuilder.create(KernelJarLocator.locate(kernelJar))
                    .withResolver(maven.resolver())
                    .withInsecureRegistries(insecure);
            for (TeamImageSpec teamImage : read) {
                out.println(teamImage.name() + ": building " + TeamImageBuilder.target(teamImage, tag) + " on "
                        + teamImage.base());
                BuiltTeamImage image = builder.build(teamImage, tag);
                int width = image.layers().stream()
                        .mapToInt(layer -> layer.name().length())
                        .max()
                        .orElse(0);
                for (BuiltImage.Layer layer : image.layers()) {
                    out.printf(
                            Locale.ROOT,
                            "  %-" + width + "s %6d file%s%n",
                            layer.name(),
                            layer.files(),
                            layer.files() == 1 ? "" : "s");
                }
                long pushed =
                        image.blobs().stream().filter(BuiltImage.Blob::pushed).count();
                out.printf(
                        Locale.ROOT,
                        "  pushed %s in %d of %d blobs (%.1f s)%n  %s%n",
                        Sizes.human(image.bytesPushed()),
                        pushed,
                        image.blobs().size(),
                        image.duration().toMillis() / 1000.0,
                        image.pinnedReference());
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the team image specs in folders or files.")
    static final class ListSpecs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                paramLabel = "DIR_OR_SPEC",
                arity = "0..*",
                description = "Folders (their *.yaml and *.yml) or spec files (default: .).")
        List<Path> paths = new ArrayList<>();

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Path> files = new ArrayList<>();
            for (Path path : paths.isEmpty() ? List.of(Path.of(".")) : paths) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> list = Files.list(path)) {
                        list.filter(p -> p.toString().endsWith(".yaml")
                                        || p.toString().endsWith(".yml"))
                                .sorted()
                                .forEach(files::add);
                    }
                } else {
                    files.add(path);
                }
            }
            if (!output.json()) {
                out.printf(Locale.ROOT, "%-20s %-6s %-4s %s%n", "NAME", "JAVA", "LIBS", "IMAGE (BASE)");
            }
            int invalid = 0;
            List<List<String>> rows = new ArrayList<>();
            for (Path file : files) {
                try {
                    TeamImageSpec teamImage = SpecReader.read(file);
                    String java = teamImage.java().source().name().toLowerCase(Locale.ROOT);
                    rows.add(List.of(
                            teamImage.name(),
                            java,
                            Integer.toString(teamImage.libraries().size()),
                            teamImage.image(),
                            teamImage.base(),
                            file.toString()));
                    if (!output.json()) {
                        out.printf(
                                Locale.ROOT,
                                "%-20s %-6s %4d %s (%s)%n",
                                teamImage.name(),
                                java,
                                teamImage.libraries().size(),
                                teamImage.image(),
                                teamImage.base());
                    }
                } catch (SpecException e) {
                    invalid++;
                    err.println(e.getMessage());
                }
            }
            if (output.json()) {
                output.print(
                        out,
                        new ResultTable(
                                "team images", List.of("name", "java", "libraries", "image", "base", "spec"), rows));
            }
            out.flush();
            return invalid == 0 ? 0 : 1;
        }
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description =
                    "Which layers change between two versions of a spec (libraries resolved), and so what a build pushes.")
    static final class Diff implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "OLD_SPEC")
        Path before;

        @Parameters(index = "1", paramLabel = "NEW_SPEC")
        Path after;

        @Mixin
        MavenOptions maven;

        @Override
        public Integer call() throws SpecException, IOException {
            PrintWriter out = spec.commandLine().getOut();
            TeamImageSpec old = SpecReader.read(before);
            TeamImageSpec now = SpecReader.read(after);
            LibraryResolver resolver = maven.resolver();
            ResolvedLibraries oldLibraries = resolver.resolve(old);
            ResolvedLibraries newLibraries = resolver.resolve(now);
            int changed = 0;
            List<TeamImageDiff.Change> changes = TeamImageDiff.between(old, oldLibraries, now, newLibraries);
            int width = changes.stream()
                    .mapToInt(change -> change.layer().length())
                    .max()
                    .orElse(0);
            for (TeamImageDiff.Change change : changes) {
                if (change.kind() != TeamImageDiff.Kind.SAME) {
                    changed++;
                }
                out.printf(
                                Locale.ROOT,
                                "%-" + width + "s  %-7s  %s%n",
                                change.layer(),
                                change.kind().name().toLowerCase(Locale.ROOT),
                                change.detail())
                        .flush();
            }
            out.println(changed == 0 ? "no changes: a build pushes nothing" : changed + " changed");
            return 0;
        }
    }
}
