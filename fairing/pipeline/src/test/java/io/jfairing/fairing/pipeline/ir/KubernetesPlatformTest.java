package io.jfairing.fairing.pipeline.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.pipeline.NotebookPipeline;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.PipelineException;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepKubernetes;
import io.jfairing.fairing.pipeline.StepResources;
import java.util.List;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.KubernetesExecutorConfig;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig.PipelineContainerSpec.ResourceSpec;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PlatformSpec;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes settings of steps in the IR, compared with what the KFP SDK and its kfp-kubernetes extension write.
 * The expected documents are written down from the snapshot tests of kfp-kubernetes and the SDK's compiled test
 * pipelines in kubeflow/pipelines at commit 7b70c7b95f6832772efd6fd0029a4024491a0f44 (the commit of
 * {@code shared/specs/kfp}), each citing its file; the pipelines there have one component {@code comp}, so one
 * executor {@code exec-comp}, as the one-step pipelines here.
 */
class KubernetesPlatformTest {
    private static final String HEADER = "platforms:\n  kubernetes:\n    deploymentSpec:\n      executors:\n";

    private static PlatformSpec compiled(StepKubernetes k8s) throws PipelineException {
        Pipeline pipeline = Pipeline.builder("my-pipeline")
                .step(Step.builder("comp").code("int x = 1;").kubernetes(k8s))
                .build();
        // through the YAML the SDK writes: the IR, then the platform spec as a second document
        String yaml = PipelineYaml.write(
                IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline)), KubernetesPlatform.of(pipeline));
        PipelineYaml.read(yaml);
        return PipelineYaml.readPlatformSpec(yaml);
    }

    private static PlatformSpec expected(String executors) throws PipelineException {
        return PipelineYaml.readPlatformSpec("pipelineInfo:\n  name: my-pipeline\n---\n" + HEADER + executors);
    }

    @Test
    void aSecretAsEnvironmentVariablesIsWrittenAsUseSecretAsEnvWritesIt() throws Exception {
        // kubernetes_platform/python/test/snapshot/data/secret_as_env.yaml (kfp-2.14.6):
        // kubernetes.use_secret_as_env(task, secret_name='my-secret', secret_key_to_env={'password': 'SECRET_VAR'})
        String sdk = """
                        exec-comp:
                          secretAsEnv:
                          - keyToEnv:
                            - envVar: SECRET_VAR
                              secretKey: password
                            optional: false
                            secretName: my-secret
                            secretNameParameter:
                              runtimeValue:
                                constant: my-secret
                """;

        assertThat(compiled(StepKubernetes.builder()
                        .secretAsEnv("my-secret", "password", "SECRET_VAR")
                        .build()))
                .isEqualTo(expected(sdk));
    }

    @Test
    void aSecretAsAVolumeIsWrittenAsUseSecretAsVolumeWritesIt() throws Exception {
        // kubernetes_platform/python/test/snapshot/data/secret_as_vol.yaml (kfp-2.14.6):
        // kubernetes.use_secret_as_volume(task, secret_name='my-secret', mount_path='/mnt/my_vol')
        String sdk = """
                        exec-comp:
                          secretAsVolume:
                          - mountPath: /mnt/my_vol
                            optional: false
                            secretName: my-secret
                            secretNameParameter:
                              runtimeValue:
                                constant: my-secret
                """;

        assertThat(compiled(StepKubernetes.builder()
                        .secretAsVolume("my-secret", "/mnt/my_vol")
                        .build()))
                .isEqualTo(expected(sdk));
    }

    @Test
    void configMapsAsEnvironmentAndAsAVolumeAreWrittenAsTheSdkWritesThem() throws Exception {
        // kubernetes_platform/python/test/snapshot/data/config_map_as_env.yaml and config_map_as_vol.yaml
        // (kfp-2.14.6): use_config_map_as_env(task, config_map_name='my-cm', config_map_key_to_env={'foo':
        // 'CONFIG_MAP_VAR'}) and use_config_map_as_volume(task, config_map_name='my-cm', mount_path='/mnt/my_vol')
        String sdk = """
                        exec-comp:
                          configMapAsEnv:
                          - configMapName: my-cm
                            configMapNameParameter:
                              runtimeValue:
                                constant: my-cm
                            keyToEnv:
                            - configMapKey: foo
                              envVar: CONFIG_MAP_VAR
                            optional: false
                          configMapAsVolume:
                          - configMapName: my-cm
                            configMapNameParameter:
                              runtimeValue:
                                constant: my-cm
                            mountPath: /mnt/my_vol
                            optional: false
                """;

        assertThat(compiled(StepKubernetes.builder()
                        .configMapAsEnv("my-cm", "foo", "CONFIG_MAP_VAR")
                        .configMapAsVolume("my-cm", "/mnt/my_vol")
                        .build()))
                .isEqualTo(expected(sdk));
    }

    @Test
    void nodeSelectorTolerationAndImagePullSecretAreWrittenAsTheSdkWritesThem() throws Exception {
        // kubernetes_platform/python/test/snapshot/data/node_selector.yaml: add_node_selector(task,
        // label_key='cloud.google.com/gke-accelerator', label_value='nvidia-tesla-p4');
        // toleration.yaml: add_toleration(task, key="key1", operator="Equal", value="value1", effect="NoExecute",
        // toleration_seconds=10); image_pull_secrets.yaml: set_image_pull_secrets(task, ['my-secret'])
        String sdk = """
                        exec-comp:
                          imagePullSecret:
                          - secretName: my-secret
                            secretNameParameter:
                              runtimeValue:
                                constant: my-secret
                          nodeSelector:
                            labels:
                              cloud.google.com/gke-accelerator: nvidia-tesla-p4
                          tolerations:
                          - effect: NoExecute
                            key: key1
                            operator: Equal
                            tolerationSeconds: '10'
                            value: value1
                """;

        assertThat(compiled(StepKubernetes.builder()
                        .nodeSelector("cloud.google.com/gke-accelerator", "nvidia-tesla-p4")
                        .toleration(new StepKubernetes.Toleration("key1", "Equal", "value1", "NoExecute", 10L))
                        .imagePullSecret("my-secret")
                        .build()))
                .isEqualTo(expected(sdk));
    }

    @Test
    void aPvcOfAGivenNameIsMountedAsMountPvcWritesIt() throws Exception {
        // kubernetes_platform/python/kfp/kubernetes/volume.py mount_pvc: pvc_name_parameter from
        // common.parse_k8s_parameter_input (a str: runtime_value.constant) and, for older backends,
        // _assign_pvc_name_to_msg (a str: the deprecated oneof field constant); sub_path as given. The shape of a
        // name from a pipeline parameter is in test_data/sdk_compiled_pipelines/valid/pvc_mount.yaml.
        String sdk = """
                        exec-comp:
                          pvcMount:
                          - constant: training-data
                            mountPath: /data
                            pvcNameParameter:
                              runtimeValue:
                                constant: training-data
                            subPath: models
                """;

        assertThat(compiled(StepKubernetes.builder()
                        .mountPvc("training-data", "/data", "models")
                        .build()))
                .isEqualTo(expected(sdk));
    }

    @Test
    void aGpuStepWithATolerationHasTheShapeOfTheSdksGpuSchedulingCheck() throws Exception {
        // test_data/sdk_compiled_pipelines/valid/gpu-scheduling/nvidia_gpu_scheduling_check.yaml:
        // set_accelerator_type('nvidia.com/gpu'), set_accelerator_limit(1) and
        // kubernetes.add_toleration(task, key='nvidia.com/gpu', operator='Exists', effect='NoSchedule')
        Pipeline pipeline = Pipeline.builder("nvidia-gpu-scheduling-check")
                .step(Step.builder("verify-gpu-scheduled")
                        .code("int x = 1;")
                        .resources(new StepResources(null, null, 1, "nvidia.com/gpu"))
                        .kubernetes(StepKubernetes.builder()
                                .toleration(StepKubernetes.Toleration.exists("nvidia.com/gpu", "NoSchedule"))
                                .build()))
                .build();
        String yaml = PipelineYaml.write(
                IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline)), KubernetesPlatform.of(pipeline));

        ResourceSpec resources = PipelineYaml.deploymentConfig(
                        PipelineYaml.read(yaml).getDeploymentSpec())
                .getExecutorsOrThrow("exec-verify-gpu-scheduled")
                .getContainer()
                .getResources();
        assertThat(resources)
                .isEqualTo(PipelineYaml.deploymentConfig(PipelineYaml.read("""
                                deploymentSpec:
                                  executors:
                                    exec-verify-gpu-scheduled:
                                      container:
                                        image: python:3.11
                                        resources:
                                          accelerator:
                                            count: '1'
                                            resourceCount: '1'
                                            resourceType: nvidia.com/gpu
                                            type: nvidia.com/gpu
                                """).getDeploymentSpec())
                        .getExecutorsOrThrow("exec-verify-gpu-scheduled")
                        .getContainer()
                        .getResources());
        assertThat(PipelineYaml.readPlatformSpec(yaml)).isEqualTo(PipelineYaml.readPlatformSpec("""
                        pipelineInfo:
                          name: nvidia-gpu-scheduling-check
                        ---
                        platforms:
                          kubernetes:
                            deploymentSpec:
                              executors:
                                exec-verify-gpu-scheduled:
                                  tolerations:
                                  - effect: NoSchedule
                                    key: nvidia.com/gpu
                                    operator: Exists
                        """));
    }

    @Test
    void cpuAndMemoryLimitsAndRequestsGoInTheNewFieldsAndTheDeprecatedOnesAsTheSdkWritesThem() throws Exception {
        // sdk/python/kfp/compiler/pipeline_spec_builder.py (resources): resource_cpu_limit etc. as given, and
        // cpu_limit etc. from compiler_utils._cpu_to_float (cores) and _memory_to_float (GB)
        Pipeline pipeline = Pipeline.builder("sized")
                .step(Step.builder("train")
                        .code("int x = 1;")
                        .resources(StepResources.parse("cpu=2,memory=4G,cpu-request=500m,memory-request=512Mi")))
                .build();
        ResourceSpec resources = PipelineYaml.deploymentConfig(PipelineYaml.read(
                                PipelineYaml.write(IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline))))
                        .getDeploymentSpec())
                .getExecutorsOrThrow("exec-train")
                .getContainer()
                .getResources();

        assertThat(resources.getResourceCpuLimit()).isEqualTo("2");
        assertThat(resources.getResourceMemoryLimit()).isEqualTo("4G");
        assertThat(resources.getResourceCpuRequest()).isEqualTo("500m");
        assertThat(resources.getResourceMemoryRequest()).isEqualTo("512Mi");
        assertDeprecated(resources);
        assertThat(resources.hasAccelerator()).isFalse();
    }

    @Test
    void anAcceleratorTypeWithoutACountAsksForOneAsSetAcceleratorTypeDoes() throws Exception {
        // sdk/python/kfp/dsl/pipeline_task.py set_accelerator_type: accelerator_count '1' when none was set
        Pipeline pipeline = Pipeline.builder("typed")
                .step(Step.builder("train")
                        .code("int x = 1;")
                        .resources(StepResources.parse("accelerator=amd.com/gpu")))
                .build();
        var accelerator = PipelineYaml.deploymentConfig(IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline))
                        .getDeploymentSpec())
                .getExecutorsOrThrow("exec-train")
                .getContainer()
                .getResources()
                .getAccelerator();

        assertThat(accelerator.getResourceType()).isEqualTo("amd.com/gpu");
        assertThat(accelerator.getResourceCount()).isEqualTo("1");
    }

    @SuppressWarnings("deprecation")
    private static void assertDeprecated(ResourceSpec resources) {
        assertThat(resources.getCpuLimit()).isEqualTo(2.0);
        assertThat(resources.getMemoryLimit()).isEqualTo(4.0);
        assertThat(resources.getCpuRequest()).isEqualTo(0.5);
        assertThat(resources.getMemoryRequest()).isEqualTo(512 * 1024 * 1024 / 1e9);
    }

    @Test
    void aPipelineWithoutKubernetesSettingsHasNoPlatformDocument() throws Exception {
        Pipeline pipeline = Pipeline.builder("plain")
                .step(Step.builder("a").code("int x = 1;"))
                .build();
        PlatformSpec platform = KubernetesPlatform.of(pipeline);
        String yaml = PipelineYaml.write(IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline)), platform);

        assertThat(platform.getPlatformsCount()).isZero();
        assertThat(yaml).doesNotContain("\n---");
        assertThat(PipelineYaml.readPlatformSpec(yaml)).isEqualTo(PlatformSpec.getDefaultInstance());
        assertThat(PipelineYaml.toJson(IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline)), platform)
                        .has("pipelineInfo"))
                .isTrue();
    }

    @Test
    void tagsAndStepOptionsGiveEachSettingAndTheyMeetInOneExecutorConfig() throws Exception {
        Notebook notebook = Notebook.ofCells(
                "k8s.ipynb",
                List.of(
                        NotebookCell.code(
                                1,
                                "int rows = 10;",
                                "step:load",
                                "pvc:training-data:/data",
                                "secret-env:db-credentials:password=DB_PASSWORD",
                                "secret-env:db-credentials:user=DB_USER",
                                "node-selector:disktype=ssd",
                                "toleration:dedicated=ml:NoSchedule",
                                "resources:cpu=2",
                                "resources:memory-request=1Gi"),
                        NotebookCell.code(
                                2,
                                "%%fairing step train --after load --configmap-volume settings:/etc/settings"
                                        + " --image-pull-secret regcred --secret-volume tls:/etc/tls"
                                        + " --configmap-env settings:rate=RATE --resources gpu=1\n"
                                        + "int epochs = rows;")));
        Pipeline pipeline = NotebookPipeline.of(notebook).build();
        PlatformSpec platform = PipelineYaml.readPlatformSpec(PipelineYaml.write(
                IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline)), KubernetesPlatform.of(pipeline)));

        KubernetesExecutorConfig load = PipelineYaml.kubernetesConfig(platform, "exec-load");
        assertThat(load.getPvcMount(0)
                        .getPvcNameParameter()
                        .getRuntimeValue()
                        .getConstant()
                        .getStringValue())
                .isEqualTo("training-data");
        assertThat(load.getPvcMount(0).getMountPath()).isEqualTo("/data");
        assertThat(load.getSecretAsEnvList()).hasSize(1);
        assertThat(load.getSecretAsEnv(0).getKeyToEnvList())
                .extracting(k -> k.getSecretKey() + "->" + k.getEnvVar())
                .containsExactly("password->DB_PASSWORD", "user->DB_USER");
        assertThat(load.getNodeSelector().getLabelsMap()).containsExactly(java.util.Map.entry("disktype", "ssd"));
        assertThat(load.getTolerations(0).getOperator()).isEqualTo("Equal");
        assertThat(load.getTolerations(0).getEffect()).isEqualTo("NoSchedule");
        assertThat(pipeline.step("load").resources()).isEqualTo(StepResources.parse("cpu=2,memory-request=1Gi"));

        KubernetesExecutorConfig train = PipelineYaml.kubernetesConfig(platform, "exec-train");
        assertThat(train.getConfigMapAsVolume(0).getMountPath()).isEqualTo("/etc/settings");
        assertThat(train.getConfigMapAsEnv(0).getKeyToEnv(0).getEnvVar()).isEqualTo("RATE");
        assertThat(train.getSecretAsVolume(0).getMountPath()).isEqualTo("/etc/tls");
        assertThat(train.getImagePullSecret(0)
                        .getSecretNameParameter()
                        .getRuntimeValue()
                        .getConstant()
                        .getStringValue())
                .isEqualTo("regcred");
        assertThat(pipeline.step("train").resources().gpus()).isEqualTo(1);
    }

    @Test
    void aPlatformSpecFieldKfpKubernetesDoesNotHaveIsRefused() {
        String misspelt = "pipelineInfo:\n  name: p\n---\n" + HEADER
                + "        exec-comp:\n          secretAsEnv:\n          - secretNam: my-secret\n";
        String unknownTop = "pipelineInfo:\n  name: p\n---\nplatform:\n  kubernetes: {}\n";

        assertThatThrownBy(() -> PipelineYaml.readPlatformSpec(misspelt))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("secretNam")
                .hasMessageContaining("kfp_kubernetes.SecretAsEnv");
        assertThatThrownBy(() -> PipelineYaml.readPlatformSpec(unknownTop))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("platform");
    }

    @Test
    void invalidNamesPathsAndQuantitiesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> StepKubernetes.builder().mountPvc("Training_Data", "/data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Training_Data")
                .hasMessageContaining("DNS-1123 subdomain");
        assertThatThrownBy(() -> StepKubernetes.builder().mountPvc("data", "data"))
                .hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> StepKubernetes.builder().secretAsEnv("creds", "password", "DB-PASSWORD"))
                .hasMessageContaining("environment variable 'DB-PASSWORD'");
        assertThatThrownBy(() -> StepKubernetes.builder().nodeSelector("disk type", "ssd"))
                .hasMessageContaining("qualified name");
        assertThatThrownBy(() ->
                        StepKubernetes.builder().secretAsVolume("a", "/etc/x").configMapAsVolume("b", "/etc/x"))
                .hasMessageContaining("two volumes are mounted at /etc/x");
        assertThatThrownBy(() -> StepKubernetes.parseTag("toleration:dedicated=ml:Sometimes"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("NoSchedule, PreferNoSchedule, NoExecute");
        assertThatThrownBy(() -> StepKubernetes.parseTag("toleration:dedicated=ml:NoSchedule:60"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("must be NoExecute when tolerationSeconds is set");
        assertThatThrownBy(() -> StepKubernetes.parseTag("secret-env:creds:password"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("secret-env:SECRET:KEY=ENV_VAR");
        assertThatThrownBy(() -> StepResources.parse("cpu=two"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("invalid resource quantity for limits.cpu: 'two'");
        assertThatThrownBy(() -> StepResources.parse("memory=1Gi,memory-request=2Gi"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("request memory=2Gi is more than its limit 1Gi");
        assertThatThrownBy(() -> NotebookPipeline.of(Notebook.ofCells(
                        "bad.ipynb", List.of(NotebookCell.code(3, "int x = 1;", "step:a", "pvc:data")))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("cell 3")
                .hasMessageContaining("pvc:CLAIM:/PATH[:SUBPATH]");
        assertThatThrownBy(() -> NotebookPipeline.stepTags("a --pvcs data:/data"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("--pvc");
    }

    @Test
    void theIrOfAStepWithSettingsStillParsesAsAPipelineSpec() throws Exception {
        Pipeline pipeline = Pipeline.builder("p")
                .step(Step.builder("comp")
                        .code("int x = 1;")
                        .kubernetes(StepKubernetes.builder()
                                .mountPvc("data", "/data")
                                .build()))
                .build();
        PipelineSpec spec = IrCompiler.compile(pipeline, IrCompilerTest.images(pipeline));
        String yaml = PipelineYaml.write(spec, KubernetesPlatform.of(pipeline));

        assertThat(PipelineYaml.read(yaml)).isEqualTo(spec);
        assertThat(yaml).contains("\n---\nplatforms:\n  kubernetes:\n");
        var json = PipelineYaml.toJson(spec, KubernetesPlatform.of(pipeline));
        assertThat(json.path("pipeline_spec").path("pipelineInfo").path("name").asText())
                .isEqualTo("p");
        assertThat(json.path("platform_spec")
                        .path("platforms")
                        .path("kubernetes")
                        .path("deploymentSpec")
                        .path("executors")
                        .has("exec-comp"))
                .isTrue();
    }
}
