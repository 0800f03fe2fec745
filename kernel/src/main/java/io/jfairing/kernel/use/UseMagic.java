package io.jfairing.kernel.use;

import io.jfairing.kernel.magics.MagicOptions;
import io.jfairing.kernel.maven.MavenResolver;
import io.jfairing.kernel.maven.Resolution;
import io.jfairing.kernel.maven.ResolutionException;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import io.jfairing.kernel.spi.Session;
import io.jfairing.runtime.display.Table;
import io.jfairing.runtime.use.LibraryPreset;
import io.jfairing.runtime.use.PresetCatalog;
import io.jfairing.runtime.use.PresetException;
import io.jfairing.runtime.use.PresetRenderers;
import io.jfairing.runtime.use.PresetUse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %use xchart}, {@code %use commons-math@3.6.1}, {@code %use --list}: loads library presets (their jars,
 * imports, start-up code and renderers) into the session.
 */
public final class UseMagic {
    private final PresetCatalog catalog;
    private final Supplier<MavenResolver> resolver;
    private final PresetRenderers renderers;
    private final PrintStream out;

    public UseMagic(
            PresetCatalog catalog, Supplier<MavenResolver> resolver, PresetRenderers renderers, PrintStream out) {
        this.catalog = catalog;
        this.resolver = resolver;
        this.renderers = renderers;
        this.out = out;
    }

    @Command(
            name = "use",
            mixinStandardHelpOptions = true,
            description = "Load library presets: their Maven artifacts, imports, start-up code and renderers, "
                    + "e.g. %%use xchart or %%use commons-math@3.6.1. Teams add NAME.json descriptors to a folder of "
                    + "JFAIRING_USE_PATH or ~/.jfairing/use.")
    static final class UseOptions {
        @Parameters(
                arity = "0..*",
                paramLabel = "PRESET",
                description = "NAME or NAME@VERSION (a comma also separates them)")
        List<String> presets = new ArrayList<>();

        @Option(names = "--list", description = "List the presets there are, with their default versions.")
        boolean list;

        @Option(names = "--offline", description = "Use only the local Maven repository; no network.")
        boolean offline;
    }

    public Object run(MagicCall call) throws Exception {
        UseOptions options = MagicOptions.parse("use", new UseOptions(), call.arguments(), out)
                .orElse(null);
        if (options == null) {
            return null;
        }
        try {
            if (options.list) {
                return list();
            }
            List<String> wanted = new ArrayList<>();
            for (String argument : options.presets) {
                for (String each : argument.split(",")) {
                    if (!each.isBlank()) {
                        wanted.add(each.strip());
                    }
                }
            }
            if (wanted.isEmpty()) {
                throw new MagicUsageException(
                        "use", "name a preset, or --list", MagicOptions.usage("use", new UseOptions()));
            }
            for (String spec : wanted) {
                use(spec, options.offline, call.session());
            }
            return null;
        } catch (PresetException e) {
            throw new CellException("PresetException", e.getMessage());
        }
    }

    private Table list() {
        List<List<Object>> rows = new ArrayList<>();
        for (LibraryPreset preset : catalog.all()) {
            rows.add(List.of(preset.name(), preset.version(), preset.description(), preset.source()));
        }
        return new Table(List.of("preset", "version", "description", "from"), rows);
    }

    private void use(String spec, boolean offline, Session session) throws Exception {
        PresetUse use = catalog.use(spec);
        LibraryPreset preset = use.preset();
        List<Path> jars = List.of();
        if (!preset.dependencies().isEmpty()) {
            for (LibraryPreset.Repository repository : preset.repositories()) {
                resolver.get().addRepository(repository.id(), repository.url());
            }
            try {
                Resolution resolution = resolver.get().resolve(use.coordinates(), offline);
                jars = resolution.jars();
            } catch (ResolutionException e) {
                throw new CellException("DependencyResolutionException", "%use " + spec + ": " + e.getMessage());
            }
            jars.forEach(session::addToClasspath);
        }
        if (!preset.imports().isEmpty()) {
            session.evaluate(String.join("\n", preset.importStatements()));
        }
        for (String code : preset.init()) {
            session.evaluate(code);
        }
        for (LibraryPreset.Renderer renderer : preset.renderers()) {
            Object function = session.evaluate(renderer.function());
            @SuppressWarnings("unchecked")
            Function<Object, Object> render = (Function<Object, Object>) function;
            renderers.add(renderer.type(), render);
        }
        String chosen = preset.dependencies().isEmpty() ? "" : " " + use.version();
        out.println("Using " + preset.name() + chosen
                + (jars.isEmpty() ? "" : " (" + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + ")")
                + (preset.imports().isEmpty() ? "" : "; imported " + String.join(", ", preset.imports())) + ".");
    }
}
