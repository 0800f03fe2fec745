package io.jfairing.extensions.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.display.Frontend;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel's runs and recorded jobs, from a real SQLite store of a project folder. */
class ProjectPanelTest {
    @TempDir
    Path project;

    private Workspace workspace;
    private ProjectPanel panel;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(project.resolve(".jfairing"));
        Files.writeString(project.resolve(ProjectConfig.FILE), "metadata=store.db\n");
        workspace = new Workspace(project, new Frontend() {
            @Override
            public String display(io.github.spencerpark.jupyter.kernel.display.DisplayData data) {
                return "id";
            }

            @Override
            public void update(String id, io.github.spencerpark.jupyter.kernel.display.DisplayData data) {}
        });
        panel = new ProjectPanel(workspace);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    @Test
    void jobsAreTheRunsAJobRecordedNewestFirstAmongManyOtherRuns() throws Exception {
        MetadataStore store = workspace.metadata();
        for (int k = 1; k <= 30; k++) {
            try (Run run = store.startRun("panel", "plain-" + k)) {
                run.logMetric("accuracy", k / 100.0);
                if (k == 10 || k == 20) {
                    run.setTag(JobRecorder.TAG_JOB_NAME, "train-" + k);
                    run.setTag(JobRecorder.TAG_KIND, "Job");
                }
                if (k == 25) {
                    run.setTag(JobRecorder.TAG_JOB_NAME, "sweep-" + k); // a job of no known kind
                }
            }
        }

        List<Map<String, Object>> jobs = panel.jobs();

        assertThat(jobs).extracting(j -> j.get("job")).containsExactly("sweep-25", "train-20", "train-10");
        assertThat(jobs).extracting(j -> j.get("kind")).containsExactly("", "Job", "Job");
        assertThat(jobs).allSatisfy(j -> assertThat(j.get("status")).isEqualTo("FINISHED"));
        assertThat(panel.runs())
                .hasSize(30)
                .first()
                .satisfies(r -> assertThat(r.get("name")).isEqualTo("plain-30"));
    }
}
