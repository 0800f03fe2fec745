package io.jfairing.fairing.pipeline.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepKubernetes;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.pipeline.ir.KubernetesPlatform;
import io.jfairing.fairing.pipeline.ir.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PlatformSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KfpClientTest {
    private static final String TOKEN = "s3cr3t-token";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static PipelineSpec spec;

    private MockKfpServer server;
    private KfpClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockKfpServer(TOKEN);
        client = KfpClient.builder(server.uri())
                .token(TOKEN)
                .pollInterval(Duration.ofMillis(1))
                .build();
        if (spec == null) {
            Pipeline pipeline = Pipeline.builder("hello")
                    .parameters("String who = \"world\";")
                    .step(Step.builder("greet").code("String greeting = \"hello \" + who;"))
                    .step(Step.builder("shout").code("System.out.println(greeting.toUpperCase());"))
                    .build();
            spec = IrCompiler.compile(
                    pipeline,
                    Map.of(
                            "greet", new IrCompiler.StepImage("r/hello-greet:1", List.of("java")),
                            "shout", new IrCompiler.StepImage("r/hello-shout:1", List.of("java"))));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void uploadsAPipelineThenANewVersionOfIt() throws Exception {
        KfpClient.PipelineVersion first = client.uploadPipelineVersion("hello", "v1", spec);
        KfpClient.PipelineVersion second = client.uploadPipelineVersion("hello", "v2", spec);

        assertThat(second.pipelineId()).isEqualTo(first.pipelineId());
        assertThat(first.pipelineVersionId()).isNotBlank().isNotEqualTo(second.pipelineVersionId());
        assertThat(server.versions.get(first.pipelineId())).hasSize(2);
        assertThat(PipelineYaml.read(server.versions
                        .get(first.pipelineId())
                        .get(1)
                        .path("pipeline_spec")
                        .toString()))
                .isEqualTo(spec);
        assertThat(server.calls)
                .containsSubsequence(
                        "GET /apis/v2beta1/pipelines/names/hello",
                        "POST /apis/v2beta1/pipelines/create",
                        "GET /apis/v2beta1/pipelines/names/hello",
                        "POST /apis/v2beta1/pipelines/" + first.pipelineId() + "/versions");
    }

    @Test
    void createsARunWithTheSpecInlineAndFollowsItToTheEnd() throws Exception {
        KfpRun created = client.createRun("hello-1", spec, Map.of("who", "kubeflow"), null);

        assertThat(created.state()).isEqualTo("PENDING");
        assertThat(server.runs
                        .get(created.runId())
                        .path("runtime_config")
                        .path("parameters")
                        .path("who")
                        .asText())
                .isEqualTo("kubeflow");
        List<String> seen = new ArrayList<>();
        KfpRun done = client.waitForRun(created.runId(), Duration.ofMinutes(1), r -> seen.add(r.state()));

        assertThat(seen).containsExactly("RUNNING", "SUCCEEDED");
        assertThat(done.isFinished()).isTrue();
        assertThat(done.tasks()).extracting(KfpRun.Task::displayName).containsExactlyInAnyOrder("greet", "shout");
    }

    @Test
    void aRunOfStepsWithKubernetesSettingsSendsThePlatformSpecBesideThePipelineSpec() throws Exception {
        Pipeline pipeline = Pipeline.builder("mounted")
                .step(Step.builder("train")
                        .code("int x = 1;")
                        .kubernetes(StepKubernetes.builder()
                                .mountPvc("training-data", "/data")
                                .secretAsEnv("db", "password", "DB_PASSWORD")
                                .build()))
                .build();
        PipelineSpec mounted = IrCompiler.compile(
                pipeline, Map.of("train", new IrCompiler.StepImage("r/mounted-train:1", List.of("java"))));
        PlatformSpec platform = KubernetesPlatform.of(pipeline);

        KfpRun created = client.createRun("mounted-1", mounted, platform, Map.of(), null);
        client.uploadPipelineVersion("mounted", "v1", mounted, platform);

        // the backend joins the two as YAML documents (api_util.go pipelineSpecStructToYamlString), then reads them
        // as the SDK's IR file: the same parsing here must give back both
        for (JsonNode sent : List.of(
                server.runs.get(created.runId()).path("pipeline_spec"),
                server.versions.values().iterator().next().get(0).path("pipeline_spec"))) {
            String yaml = YAML.writeValueAsString(sent.path("pipeline_spec")) + "\n---\n"
                    + YAML.writeValueAsString(sent.path("platform_spec"));
            assertThat(PipelineYaml.read(yaml)).isEqualTo(mounted);
            assertThat(PipelineYaml.readPlatformSpec(yaml)).isEqualTo(platform);
        }
        assertThat(client.waitForRun(created.runId(), Duration.ofMinutes(1), r -> {})
                        .tasks())
                .extracting(KfpRun.Task::displayName)
                .containsExactly("train");
    }

    @Test
    void cancelsARun() throws Exception {
        KfpRun created = client.createRun("hello-2", spec, Map.of(), null);

        client.terminateRun(created.runId());

        assertThat(client.getRun(created.runId()).state()).isEqualTo("CANCELED");
    }

    @Test
    void errorsSayWhatToDo() throws Exception {
        KfpClient anonymous = KfpClient.builder(server.uri()).build();
        assertThatThrownBy(() -> anonymous.getRun("x"))
                .isInstanceOfSatisfying(
                        KfpException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("answered 401: Unauthenticated")
                .hasMessageContaining("give a bearer token (--token or KFP_TOKEN)");

        assertThatThrownBy(() -> client.getRun("no-such-run"))
                .isInstanceOfSatisfying(
                        KfpException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("check --host");

        client.uploadPipelineVersion("hello", "v1", spec);
        server.failNext(409);
        assertThatThrownBy(() -> client.uploadPipelineVersion("hello", "v1", spec))
                .isInstanceOfSatisfying(
                        KfpException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("give the pipeline version another name (--version)");

        server.failNext(503);
        assertThatThrownBy(() -> client.createRun("r", spec, Map.of(), null))
                .isInstanceOfSatisfying(
                        KfpException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("The KFP server failed: try again")
                .hasMessageContaining("kubectl logs -n kubeflow deploy/ml-pipeline");
    }

    @Test
    void theTokenCanComeFromAKubeconfig(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:6443"}
                users:
                - name: u
                  user: {token: %s}
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                current-context: x
                """.formatted(TOKEN));
        KfpClient fromKubeconfig =
                KfpClient.builder(server.uri()).kubeconfig(kubeconfig).build();

        KfpRun run = fromKubeconfig.createRun("r", spec, Map.of(), null);

        assertThat(run.runId()).isNotBlank();
    }

    @Test
    void theMockRefusesAFieldTheSwaggerDoesNotHave() throws Exception {
        var swagger = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(KfpClientTest.class.getResourceAsStream("/kfp/run.swagger.json"));
        var run = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"display_name\":\"x\",\"pipelinespec\":{}}");

        assertThat(MockKfpServer.check(run, swagger.path("definitions").path("v2beta1Run"), swagger, "run"))
                .isEqualTo("run has an unknown field 'pipelinespec'");
    }
}
