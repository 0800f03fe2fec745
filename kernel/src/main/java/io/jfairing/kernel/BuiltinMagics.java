package io.jfairing.kernel;

import io.jfairing.kernel.execution.ExecutionClock;
import io.jfairing.kernel.magics.ClasspathMagics;
import io.jfairing.kernel.magics.DisplayMagics;
import io.jfairing.kernel.magics.LoadMagic;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.magics.MavenMagics;
import io.jfairing.kernel.magics.ShellMagic;
import io.jfairing.kernel.magics.TimeMagics;
import io.jfairing.kernel.maven.MavenResolver;
import io.jfairing.kernel.output.CellOutputs;
import io.jfairing.kernel.spi.MagicUsageException;
import io.jfairing.kernel.use.UseMagic;
import io.jfairing.runtime.display.Table;
import io.jfairing.runtime.use.PresetCatalog;
import io.jfairing.runtime.use.PresetRenderers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Registers the magics every session has, with IJava's names. */
final class BuiltinMagics {
    private BuiltinMagics() {}

    static void register(
            MagicRegistry registry,
            CellOutputs outputs,
            KernelOptions options,
            Consumer<Duration> timeout,
            ExecutionClock clock) {
        register(registry, outputs, options, timeout, clock, new PresetRenderers());
    }

    /** {@code presets}: where {@code %use} puts the renderers of the presets it loads. */
    static void register(
            MagicRegistry registry,
            CellOutputs outputs,
            KernelOptions options,
            Consumer<Duration> timeout,
            ExecutionClock clock,
            PresetRenderers presets) {
        PrintStream out = outputs.out();
        Supplier<MavenResolver> resolver = new Supplier<>() {
            private MavenResolver instance;

            @Override
            public synchronized MavenResolver get() {
                if (instance == null) {
                    instance = MavenResolver.builder().build();
                }
                return instance;
            }
        };
        MavenMagics maven = new MavenMagics(resolver, out);
        registry.registerLine("maven", maven::maven);
        registry.registerLine("mavenRepo", maven::repository);
        registry.registerCell("loadFromPOM", maven::loadFromPom);

        PresetCatalog catalog =
                PresetCatalog.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
        registry.registerLine("use", new UseMagic(catalog, resolver, presets, out)::run);

        ClasspathMagics classpath = new ClasspathMagics(options.workingDirectory(), out);
        registry.registerLine("jars", classpath::jars);
        registry.registerLine("classpath", classpath::classpath);

        registry.registerLine("load", new LoadMagic(options.workingDirectory(), out)::run);

        TimeMagics time = new TimeMagics(out, clock);
        registry.registerLine("time", time::line);
        registry.registerCell("time", time::cell);

        registry.registerCell("html", DisplayMagics::html);
        registry.registerCell("markdown", DisplayMagics::markdown);
        registry.registerCell("svg", DisplayMagics::svg);
        registry.registerCell("latex", DisplayMagics::latex);

        registry.registerLine("sh", new ShellMagic(options.workingDirectory(), out, outputs.err())::run);

        registry.registerLine("timeout", call -> {
            if (call.arguments().size() != 1) {
                throw new MagicUsageException(
                        "timeout",
                        "expected one duration",
                        "Usage: %timeout 30s | 5m | 1h | off   (a time limit for each later cell)");
            }
            try {
                Duration limit = KernelOptions.parseDuration(call.arguments().get(0));
                timeout.accept(limit);
                out.println(
                        limit.isZero()
                                ? "Cells have no time limit."
                                : "Each cell may now run for at most " + limit.toSeconds() + " s.");
                return null;
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException("timeout", e.getMessage(), "Usage: %timeout 30s | 5m | 1h | off");
            }
        });

        registry.registerLine("lsmagic", call -> {
            List<List<?>> rows = new ArrayList<>();
            registry.lineNames().forEach(name -> rows.add(List.of("%" + name, "line")));
            registry.cellNames().forEach(name -> rows.add(List.of("%%" + name, "cell")));
            @SuppressWarnings("unchecked")
            List<List<Object>> cells = (List<List<Object>>) (List<?>) rows;
            return new Table(List.of("magic", "kind"), cells);
        });
    }
}
