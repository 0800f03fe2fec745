package io.jfairing.images.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A real kernel extension jar, compiled against the kernel jar: {@code %team ARGS} answers {@code "team: ARGS"}.
 * It is found with ServiceLoader, as any extension is. It carries a JupyterLab extension, {@value #LAB_EXTENSION}
 * (a package.json and a remote entry under {@code META-INF/jupyter/labextensions/}), as kernel-extensions' jar
 * carries the jfairing panel.
 */
public final class KernelExtensionJar {
    /** The JupyterLab extension the jar carries. */
    public static final String LAB_EXTENSION = "@team/panel";

    private KernelExtensionJar() {}

    public static Path create(Path dir, Path kernelJar) throws IOException {
        Path src = Files.createDirectories(dir.resolve("extension-src/com/example/team"));
        Files.writeString(src.resolve("TeamMagics.java"), """
                package com.example.team;
                public final class TeamMagics implements io.jfairing.kernel.spi.KernelExtension {
                  @Override
                  public void load(io.jfairing.kernel.spi.KernelContext context) {
                    context.registerLineMagic("team", call -> "team: " + call.rawArguments().strip());
                  }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("extension-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(
                        null,
                        null,
                        null,
                        "--release",
                        "17",
                        "-cp",
                        kernelJar.toString(),
                        "-d",
                        classes.toString(),
                        src.resolve("TeamMagics.java").toString())
                != 0) {
            throw new IOException("javac failed for the test extension");
        }
        Path jar = dir.resolve("team-magics.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            add(
                    out,
                    "com/example/team/TeamMagics.class",
                    Files.readAllBytes(classes.resolve("com/example/team/TeamMagics.class")));
            add(
                    out,
                    "META-INF/services/io.jfairing.kernel.spi.KernelExtension",
                    "com.example.team.TeamMagics\n".getBytes(StandardCharsets.UTF_8));
            String lab = "META-INF/jupyter/labextensions/" + LAB_EXTENSION + "/";
            add(
                    out,
                    lab + "package.json",
                    ("{\"name\": \"" + LAB_EXTENSION + "\", \"jupyterlab\": {\"_build\": {\"load\":"
                                    + " \"static/remoteEntry.1.js\", \"extension\": \"./extension\"}}}")
                            .getBytes(StandardCharsets.UTF_8));
            add(out, lab + "static/remoteEntry.1.js", "var _JUPYTERLAB = {};\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setLastModifiedTime(FileTime.fromMillis(0));
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }
}
