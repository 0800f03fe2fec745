package io.jfairing.images.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Maven repository in a folder ({@code file://} URL) with small team libraries, real jars and poms:
 * {@code com.example.team:stats} 1.0 and 1.1 ({@code Stats.mean}, {@code Stats.version}), and
 * {@code com.example.team:plots:1.0}, which depends on {@code com.example.team:colors:1.0}.
 */
public final class TeamLibraries {
    public static final String GROUP = "com.example.team";

    private TeamLibraries() {}

    public static Path create(Path repository) throws IOException {
        Path work = Files.createTempDirectory("team-libraries-");
        publish(repository, work, "stats", "1.0", List.of(), "Stats", """
                public final class Stats {
                  public static double mean(double... values) { double s = 0; for (double v : values) s += v; return s / values.length; }
                  public static String version() { return "1.0"; }
                }
                """);
        publish(repository, work, "stats", "1.1", List.of(), "Stats", """
                public final class Stats {
                  public static double mean(double... values) { return java.util.Arrays.stream(values).average().orElse(Double.NaN); }
                  public static String version() { return "1.1"; }
                }
                """);
        publish(repository, work, "colors", "1.0", List.of(), "Colors", """
                public final class Colors {
                  public static String of(int i) { return new String[] {"red", "green", "blue"}[i % 3]; }
                }
                """);
        publish(repository, work, "plots", "1.0", List.of("colors:1.0"), "Plots", """
                public final class Plots {
                  public static String bar(double v) { return Colors.of(0) + ":" + "#".repeat((int) v); }
                }
                """);
        return repository;
    }

    private static void publish(
            Path repository,
            Path work,
            String artifact,
            String version,
            List<String> dependencies,
            String className,
            String source)
            throws IOException {
        Path src = Files.createDirectories(work.resolve(artifact + version + "/src/com/example/team"));
        Files.writeString(src.resolve(className + ".java"), "package com.example.team;\n" + source);
        Path classes = Files.createDirectories(work.resolve(artifact + version + "/classes"));
        StringBuilder classpath = new StringBuilder();
        for (String dependency : dependencies) {
            String[] parts = dependency.split(":");
            classpath
                    .append(repository.resolve(path(parts[0], parts[1]) + "/" + parts[0] + "-" + parts[1] + ".jar"))
                    .append(':');
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "--release",
                "17",
                "-cp",
                classpath.toString(),
                "-d",
                classes.toString(),
                src.resolve(className + ".java").toString());
        if (status != 0) {
            throw new IOException("javac failed for " + artifact);
        }
        Path folder = Files.createDirectories(repository.resolve(path(artifact, version)));
        try (OutputStream file = Files.newOutputStream(folder.resolve(artifact + "-" + version + ".jar"));
                JarOutputStream jar = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path c : walk.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(classes.relativize(c).toString());
                entry.setLastModifiedTime(FileTime.fromMillis(0));
                jar.putNextEntry(entry);
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
        }
        StringBuilder deps = new StringBuilder();
        for (String dependency : dependencies) {
            String[] parts = dependency.split(":");
            deps.append("<dependency><groupId>")
                    .append(GROUP)
                    .append("</groupId><artifactId>")
                    .append(parts[0])
                    .append("</artifactId><version>")
                    .append(parts[1])
                    .append("</version></dependency>");
        }
        Files.writeString(
                folder.resolve(artifact + "-" + version + ".pom"),
                "<project><modelVersion>4.0.0</modelVersion><groupId>"
                        + GROUP + "</groupId><artifactId>" + artifact + "</artifactId><version>" + version
                        + "</version>"
                        + "<dependencies>" + deps + "</dependencies></project>\n");
    }

    private static String path(String artifact, String version) {
        return GROUP.replace('.', '/') + "/" + artifact + "/" + version;
    }
}
