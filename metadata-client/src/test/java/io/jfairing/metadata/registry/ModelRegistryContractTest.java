package io.jfairing.metadata.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.Dataset;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.mlmd.Artifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's behaviour, against every store (see the subclasses). */
abstract class ModelRegistryContractTest {
    @TempDir
    Path dir;

    MetadataStore store;
    ModelRegistry registry;

    abstract MetadataStore open(Path dir) throws Exception;

    void closeExtras() {}

    @BeforeEach
    void setUp() throws Exception {
        store = open(dir);
        registry = store.registry();
    }

    @AfterEach
    void tearDown() {
        store.close();
        closeExtras();
    }

    /** A finished run that read a dataset and wrote one model file; returns its id. */
    long trainedRun(String modelUri) {
        try (Run run = store.startRun("wine")) {
            run.logInput(Dataset.builder()
                    .name("wine-quality")
                    .uri("file:/data/wine.csv")
                    .build());
            run.logParam("lr", 0.1);
            run.logOutput(Model.builder()
                    .name("wine")
                    .uri(modelUri)
                    .framework("tribuo")
                    .build());
            return run.id();
        }
    }

    @Test
    void versionsAreNumberedFromARunsModelAndLeadBackToTheRunAndItsDataset() {
        long run1 = trainedRun("file:/models/wine-1.txt");
        long run2 = trainedRun("file:/models/wine-2.txt");

        ModelVersion v1 =
                registry.registerVersion("wine", VersionSpec.ofRun(run1).withDescription("baseline"));
        ModelVersion v2 =
                registry.registerVersion("wine", VersionSpec.ofRun(run2).withTag("stage", "candidate"));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.runId()).isEqualTo(run1);
        assertThat(v1.uri()).isEqualTo("file:/models/wine-1.txt");
        assertThat(v1.description()).isEqualTo("baseline");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.tags()).isEqualTo(Map.of("stage", "candidate"));
        assertThat(registry.listVersions("wine"))
                .extracting(ModelVersion::version)
                .containsExactly(2, 1);
        RegisteredModel model = registry.getModel("wine");
        assertThat(model.latestVersion()).isEqualTo(2);
        assertThat(registry.listModels()).extracting(RegisteredModel::name).containsExactly("wine");

        Lineage lineage = registry.lineage("wine", 1, 5);
        assertThat(lineage.producersOf(v1.artifactId())).containsExactly(run1);
        List<Long> inputs = lineage.inputsOf(run1);
        assertThat(inputs).hasSize(1);
        assertThat(lineage.artifact(inputs.get(0)).map(Artifact::name)).contains("wine-quality");
        assertThat(lineage.execution(run2)).isEmpty();
    }

    @Test
    void aRunWithoutAModelOrWithSeveralIsRefusedWithWhatToDo() {
        long bare;
        try (Run run = store.startRun("wine")) {
            bare = run.id();
        }
        assertThatThrownBy(() -> registry.registerVersion("wine", VersionSpec.ofRun(bare)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("logged no model");
        long two;
        Artifact second;
        try (Run run = store.startRun("wine")) {
            run.logOutput(Model.builder().name("a").uri("file:/a").build());
            second = run.logOutput(Model.builder().name("b").uri("file:/b").build());
            two = run.id();
        }
        assertThatThrownBy(() -> registry.registerVersion("wine", VersionSpec.ofRun(two)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("2 models")
                .hasMessageContaining("artifact id");
        ModelVersion v = registry.registerVersion("wine", new VersionSpec(two, second.id(), null, null));
        assertThat(v.uri()).isEqualTo("file:/b");
        assertThat(v.runId()).isEqualTo(two);
        assertThatThrownBy(() -> registry.registerVersion("wine", VersionSpec.ofRun(999_999)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.registerVersion("bad name", VersionSpec.ofRun(two)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid model name");
        // the failed registrations took no version numbers
        assertThat(registry.getModel("wine").latestVersion()).isEqualTo(1);
    }

    @Test
    void referencesByVersionAndByAliasResolveAndTheAliasFollowsItsMoves() {
        registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m1")));
        registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m2")));

        registry.setAlias("wine", "champion", 1);
        assertThat(registry.resolve("models:/wine@champion").uri()).isEqualTo("file:/m1");
        assertThat(registry.resolve("models:/wine/2").uri()).isEqualTo("file:/m2");
        assertThat(registry.getVersion("wine", 1).aliases()).containsExactly("champion");

        ModelVersion moved = registry.setAlias("wine", "champion", 2);
        assertThat(moved.aliases()).containsExactly("champion");
        assertThat(registry.resolve("models:/wine@champion").uri()).isEqualTo("file:/m2");
        assertThat(registry.getVersion("wine", 1).aliases()).isEmpty();
        assertThat(registry.getModel("wine").aliases()).isEqualTo(Map.of("champion", 2));

        assertThatThrownBy(() -> registry.setAlias("wine", "champion", 7))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no version 7");
        assertThatThrownBy(() -> registry.setAlias("wine", "3", 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid alias");
        assertThatThrownBy(() -> registry.resolve("models:/wine@staging"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no alias 'staging'");
        assertThatThrownBy(() -> registry.resolve("models:/nope/1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no registered model 'nope'");
        registry.removeAlias("wine", "champion");
        assertThatThrownBy(() -> registry.resolve("models:/wine@champion")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void concurrentMoversNeverLeaveTheAliasMissingOrSplit() throws Exception {
        int versions = 4;
        for (int i = 1; i <= versions; i++) {
            registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m" + i)));
        }
        registry.setAlias("wine", "champion", 1);
        int movers = 4;
        int moves = 40;
        ExecutorService pool = Executors.newFixedThreadPool(movers + 2);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean moving = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int m = 0; m < movers; m++) {
                int seed = m;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < moves; i++) {
                        int target = 1 + (seed + i) % versions;
                        ModelVersion now = registry.setAlias("wine", "champion", target);
                        if (now.version() != target || !now.aliases().contains("champion")) {
                            anomalies.add("setAlias(" + target + ") answered " + now);
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    while (moving.get()) {
                        ModelVersion v = registry.resolve("models:/wine@champion");
                        reads.incrementAndGet();
                        if (!v.aliases().equals(List.of("champion"))) {
                            anomalies.add("resolved " + v.version() + " whose aliases are " + v.aliases());
                        }
                        long holders = registry.listVersions("wine").stream()
                                .filter(x -> x.aliases().contains("champion"))
                                .count();
                        if (holders != 1) {
                            anomalies.add(holders + " versions hold the alias at once");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            moving.set(false);
            for (Future<?> f : readers) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            moving.set(false);
            pool.shutdownNow();
        }
        assertThat(anomalies).isEmpty();
        assertThat(reads.get()).isPositive();
        int last = registry.getModel("wine").aliases().get("champion");
        assertThat(registry.listVersions("wine"))
                .filteredOn(v -> v.aliases().contains("champion"))
                .extracting(ModelVersion::version)
                .containsExactly(last);
    }

    @Test
    void aVersionInUseCannotBeDeletedAndNumbersAreNotReused() {
        registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m1")));
        registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m2")));
        registry.setAlias("wine", "champion", 1);
        registry.recordDeployment("wine", 2, "team-a/wine");

        assertThatThrownBy(() -> registry.deleteVersion("wine", 1))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo(ModelRegistry.VERSION_IN_USE))
                .hasMessageContaining("models:/wine/1")
                .hasMessageContaining("alias champion points to it");
        assertThatThrownBy(() -> registry.deleteVersion("wine", 2))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("deployment team-a/wine serves it");
        assertThat(registry.getVersion("wine", 2).deployments()).containsExactly("team-a/wine");

        // a redeploy with another version frees the old one
        registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m3")));
        registry.recordDeployment("wine", 3, "team-a/wine");
        registry.deleteVersion("wine", 2);
        assertThatThrownBy(() -> registry.getVersion("wine", 2)).isInstanceOf(NotFoundException.class);

        registry.setAlias("wine", "champion", 3);
        registry.deleteVersion("wine", 1);
        registry.removeDeployment("wine", "team-a/wine");
        registry.removeAlias("wine", "champion");
        registry.deleteVersion("wine", 3);
        assertThat(registry.listVersions("wine")).isEmpty();
        ModelVersion next = registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m4")));
        assertThat(next.version()).isEqualTo(4);
    }

    @Test
    void descriptionsAndTagsAreSetAndRemoved() {
        registry.createModel("wine", "red wine quality");
        assertThatThrownBy(() -> registry.createModel("wine", null))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("is registered");
        registry.registerVersion("wine", VersionSpec.ofRun(trainedRun("file:/m1")));

        RegisteredModel m = registry.updateModel("wine", null, Map.of("team", "sommeliers", "task", "regression"));
        assertThat(m.description()).isEqualTo("red wine quality");
        assertThat(m.tags()).containsEntry("team", "sommeliers");
        java.util.HashMap<String, String> remove = new java.util.HashMap<>();
        remove.put("task", null);
        m = registry.updateModel("wine", "wine scores", remove);
        assertThat(m.description()).isEqualTo("wine scores");
        assertThat(m.tags()).isEqualTo(Map.of("team", "sommeliers"));

        ModelVersion v = registry.updateVersion("wine", 1, "first try", Map.of("validated", "yes"));
        assertThat(v.description()).isEqualTo("first try");
        assertThat(registry.getVersion("wine", 1).tags()).isEqualTo(Map.of("validated", "yes"));
        assertThat(registry.findModel("nope")).isEmpty();
        assertThatThrownBy(() -> registry.updateVersion("wine", 9, "x", null)).isInstanceOf(NotFoundException.class);
        assertThat(Set.copyOf(registry.listModels().get(0).tags().keySet())).containsExactly("team");
    }
}
