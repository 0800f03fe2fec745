package io.jfairing.kernel.magics;

import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import io.jfairing.runtime.cell.PathGlob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %jars} and {@code %classpath}: put local jars and class folders on the session's class path. */
public final class ClasspathMagics {
    private final Path workingDirectory;
    private final PrintStream out;

    public ClasspathMagics(Path workingDirectory, PrintStream out) {
        this.workingDirectory = workingDirectory;
        this.out = out;
    }

    @Command(
            name = "jars",
            description = "Add jar files to the class path. Globs such as lib/*.jar and lib/**.jar are expanded.",
            mixinStandardHelpOptions = true)
    static final class JarsOptions {
        @Parameters(
                arity = "1..*",
                paramLabel = "GLOB",
                description = "Jar files or globs, relative to the notebook's folder.")
        List<String> globs;
    }

    @Command(
            name = "classpath",
            description = "Add jars or folders of classes to the class path.",
            mixinStandardHelpOptions = true)
    static final class ClasspathOptions {
        @Parameters(
                arity = "1..*",
                paramLabel = "PATH",
                description = "Jar files or class folders; several may be joined with the path separator.")
        List<String> paths;

        @Option(names = "--quiet", description = "Do not list what was added.")
        boolean quiet;
    }

    public Object jars(MagicCall call) throws Exception {
        JarsOptions options = MagicOptions.parse("jars", new JarsOptions(), call.arguments(), out)
                .orElse(null);
        if (options == null) {
            return null;
        }
        List<Path> added = new ArrayList<>();
        for (String glob : options.globs) {
            List<Path> matches = expand(glob);
            if (matches.isEmpty()) {
                throw new MagicUsageException(
                        "jars", "no jar matches " + glob + " (looked in " + workingDirectory + ")", null);
            }
            for (Path jar : matches) {
                call.session().addToClasspath(jar);
                added.add(jar);
            }
        }
        out.println("Added " + added.size() + " jar" + (added.size() == 1 ? "" : "s") + " to the class path.");
        return valueOf(call, added);
    }

    /** The paths a magic added, as IJava's {@code %jars} and {@code %classpath} return them, where code takes them. */
    static List<String> valueOf(MagicCall call, List<Path> added) {
        return call.valueUsed() ? added.stream().map(Path::toString).toList() : null;
    }

    public Object classpath(MagicCall call) throws Exception {
        ClasspathOptions options = MagicOptions.parse("classpath", new ClasspathOptions(), call.arguments(), out)
                .orElse(null);
        if (options == null) {
            return null;
        }
        List<Path> added = new ArrayList<>();
        for (String entry : options.paths) {
            for (String part : entry.split(java.io.File.pathSeparator)) {
                Path path = workingDirectory.resolve(part).normalize();
                if (!Files.exists(path)) {
                    throw new MagicUsageException("classpath", "no such file or folder: " + path, null);
                }
                call.session().addToClasspath(path);
                added.add(path);
                if (!options.quiet) {
                    out.println("Added " + path);
                }
            }
        }
        return valueOf(call, added);
    }

    /** Expands a glob as an image build does ({@link PathGlob}). */
    private List<Path> expand(String glob) throws CellException {
        try {
            return PathGlob.expand(workingDirectory, glob);
        } catch (IOException e) {
            throw new CellException("IOException", e.getMessage());
        }
    }
}
