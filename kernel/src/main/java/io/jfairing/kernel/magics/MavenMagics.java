package io.jfairing.kernel.magics;

import io.jfairing.kernel.maven.MavenResolver;
import io.jfairing.kernel.maven.Resolution;
import io.jfairing.kernel.maven.ResolutionException;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %maven}, {@code %mavenRepo} and {@code %%loadFromPOM}: resolve Maven artifacts with their
 * transitive dependencies (honouring {@code ~/.m2/settings.xml}) onto the session's class path.
 */
public final class MavenMagics {
    private final Supplier<MavenResolver> resolver;
    private final PrintStream out;

    public MavenMagics(Supplier<MavenResolver> resolver, PrintStream out) {
        this.resolver = resolver;
        this.out = out;
    }

    @Command(
            name = "maven",
            mixinStandardHelpOptions = true,
            description =
                    "Resolve Maven artifacts and their dependencies onto the class path, e.g. %%maven org.apache.commons:commons-math3:3.6.1")
    static final class MavenOptions {
        @Parameters(
                arity = "1..*",
                paramLabel = "COORDINATES",
                description = "groupId:artifactId:version, or groupId:artifactId:extension[:classifier]:version")
        List<String> coordinates;

        @Option(names = "--offline", description = "Use only the local repository; no network.")
        boolean offline;
    }

    @Command(
            name = "mavenRepo",
            mixinStandardHelpOptions = true,
            description =
                    "Add a remote Maven repository for later %%maven calls, e.g. %%mavenRepo jitpack https://jitpack.io")
    static final class RepositoryOptions {
        @Parameters(
                index = "0",
                paramLabel = "ID",
                description = "Repository id (matches <server> credentials and <mirror>s in settings.xml).")
        String id;

        @Parameters(index = "1", paramLabel = "URL", description = "Repository URL.")
        String url;
    }

    @Command(
            name = "loadFromPOM",
            mixinStandardHelpOptions = true,
            description =
                    "Resolve the <dependencies> (and <repositories>) of the cell body: a whole pom.xml or just <dependency> elements.")
    static final class PomOptions {
        @Option(names = "--offline", description = "Use only the local repository; no network.")
        boolean offline;
    }

    public Object maven(MagicCall call) throws Exception {
        MavenOptions options = MagicOptions.parse("maven", new MavenOptions(), call.arguments(), out)
                .orElse(null);
        if (options == null) {
            return null;
        }
        for (String coordinate : options.coordinates) {
            int parts = coordinate.split("@")[0].split(":", -1).length;
            if (parts < 3 || parts > 5 || coordinate.contains("::") || coordinate.contains(" ")) {
                throw new MagicUsageException(
                        "maven",
                        "'" + coordinate + "' is not a Maven coordinate; expected groupId:artifactId:version",
                        MagicOptions.usage("maven", new MavenOptions()));
            }
        }
        return addAll(call, resolve(() -> resolver.get().resolve(options.coordinates, options.offline)));
    }

    public Object repository(MagicCall call) throws Exception {
        RepositoryOptions options = MagicOptions.parse("mavenRepo", new RepositoryOptions(), call.arguments(), out)
                .orElse(null);
        if (options == null) {
            return null;
        }
        if (!options.url.matches("(?i)(https?|file)://.+")) {
            throw new MagicUsageException(
                    "mavenRepo",
                    "'" + options.url + "' is not an http(s) or file URL",
                    MagicOptions.usage("mavenRepo", new RepositoryOptions()));
        }
        resolver.get().addRepository(options.id, options.url);
        out.println("Added repository " + options.id + " (" + options.url + ")");
        return null;
    }

    public Object loadFromPom(MagicCall call, String body) throws Exception {
        PomOptions options = MagicOptions.parse("loadFromPOM", new PomOptions(), call.arguments(), out)
                .orElse(null);
        if (options == null) {
            return null;
        }
        if (body.isBlank()) {
            throw new MagicUsageException(
                    "loadFromPOM",
                    "the cell has no pom or <dependency> elements",
                    MagicOptions.usage("loadFromPOM", new PomOptions()));
        }
        return addAll(call, resolve(() -> resolver.get().resolvePom(body, options.offline)));
    }

    private interface ResolutionCall {
        Resolution run() throws ResolutionException;
    }

    private static Resolution resolve(ResolutionCall call) throws CellException {
        try {
            return call.run();
        } catch (ResolutionException e) {
            throw new CellException("DependencyResolutionException", e.getMessage());
        }
    }

    private Object addAll(MagicCall call, Resolution resolution) {
        List<Path> jars = resolution.jars();
        for (Path jar : jars) {
            call.session().addToClasspath(jar);
        }
        out.println("Added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " to the class path.");
        return ClasspathMagics.valueOf(call, jars);
    }
}
