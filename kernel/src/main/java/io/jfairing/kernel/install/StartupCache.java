package io.jfairing.kernel.install;

import java.nio.file.Path;
import java.util.List;

/** What the installer records so that the kernel starts faster, and the JVM options that record and use it. */
public enum StartupCache {
    /** An ahead-of-time cache (JEP 483, JDK 24 and newer): classes loaded and linked, profiles of a training run. */
    AOT_CACHE("kernel.aot"),
    /** A dynamic class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}, JDK 13 and newer). */
    CDS_ARCHIVE("kernel.jsa"),
    /** Nothing: recording failed or was turned off. */
    NONE("");

    private final String fileName;

    StartupCache(String fileName) {
        this.fileName = fileName;
    }

    /** The file it is kept in, in the kernelspec folder. */
    public String fileName() {
        return fileName;
    }

    /** The options of the training run that records it to {@code file}. */
    List<String> recordOptions(Path file) {
        return switch (this) {
            case AOT_CACHE -> List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration(file));
            case CDS_ARCHIVE -> List.of("-XX:ArchiveClassesAtExit=" + file);
            case NONE -> List.of();
        };
    }

    /** The options of the run after training that turns what was recorded into {@code file}; empty when none is needed. */
    List<String> createOptions(Path file) {
        return this == AOT_CACHE
                ? List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration(file), "-XX:AOTCache=" + file)
                : List.of();
    }

    /** The options that make the kernel use it. */
    List<String> runOptions(Path file) {
        return switch (this) {
            case AOT_CACHE -> List.of("-XX:AOTCache=" + file);
            case CDS_ARCHIVE -> List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto");
            case NONE -> List.of();
        };
    }

    /** The training run's record of loaded classes, an intermediate file deleted once the AOT cache exists. */
    static Path configuration(Path file) {
        return file.resolveSibling(file.getFileName() + "conf");
    }
}
