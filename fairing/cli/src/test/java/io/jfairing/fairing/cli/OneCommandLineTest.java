package io.jfairing.fairing.cli;

import static io.jfairing.fairing.cli.CommandRun.jfairing;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one {@code jfairing} command: every subcommand listed and completed, bad values refused with usage. */
class OneCommandLineTest {
    @TempDir
    Path project;

    @Test
    void helpListsEveryCommandOfThisModule() {
        CommandRun help = jfairing("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out())
                .contains(
                        "build",
                        "base-image",
                        "train",
                        "tune",
                        "jobs",
                        "status",
                        "logs",
                        "delete",
                        "serve",
                        "metadata",
                        "completion");
        assertThat(jfairing("metadata", "--help").out()).contains("runs", "compare", "lineage", "serve");
    }

    @Test
    void completionIsABashScriptThatKnowsTheSubcommandsAndTheirOptions() {
        CommandRun completion = jfairing("completion");
        assertThat(completion.status()).isZero();
        assertThat(completion.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F", "jfairing")
                .contains("train", "tune", "lineage", "--output", "--backend", "--maximize");
    }

    @Test
    void aBadOutputFormatOrBackendIsBadUsage() throws Exception {
        CommandRun format = jfairing("jobs", "--output", "yaml", "--project", project.toString());
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).contains("'yaml' is not text or json");
        CommandRun backend = jfairing("jobs", "--backend", "mainframe", "--project", project.toString());
        assertThat(backend.status()).isEqualTo(2);
        assertThat(backend.err())
                .contains("--backend 'mainframe' is not one of local, podman, kubernetes", "Usage: jfairing jobs");
    }

    @Test
    void theProjectsSettingsAreReadAsTheMagicsReadThem() throws Exception {
        Files.createDirectories(project.resolve(".jfairing"));
        Files.writeString(project.resolve(".jfairing/config.properties"), "backend=nowhere\n");
        CommandRun run = jfairing("jobs", "--project", project.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("jfairing: error: ")
                .contains(".jfairing/config.properties", "'nowhere' is not one of local, podman, kubernetes");
    }
}
