package io.jfairing.fairing.pipeline.ir;

import com.google.protobuf.Value;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepKubernetes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.ConfigMapAsEnv;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.ConfigMapAsVolume;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.ImagePullSecret;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.KubernetesExecutorConfig;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.NodeSelector;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.PvcMount;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.SecretAsEnv;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.SecretAsVolume;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.Toleration;
import ml_pipelines.PipelineSpecOuterClass.PlatformDeploymentConfig;
import ml_pipelines.PipelineSpecOuterClass.PlatformSpec;
import ml_pipelines.PipelineSpecOuterClass.SinglePlatformSpec;
import ml_pipelines.PipelineSpecOuterClass.TaskInputsSpec.InputParameterSpec;
import ml_pipelines.PipelineSpecOuterClass.ValueOrRuntimeParameter;

/**
 * The Kubernetes platform spec of a pipeline, as the KFP SDK's kfp-kubernetes extension writes it: a
 * {@code KubernetesExecutorConfig} per executor of a step with Kubernetes settings, under
 * {@code platforms.kubernetes.deploymentSpec.executors.exec-STEP}. Names are constants, given in the
 * {@code *_name_parameter} field and, as the SDK does for older backends, in the deprecated name field beside it.
 */
public final class KubernetesPlatform {
    /** The platform key the KFP backend reads Kubernetes settings from. */
    public static final String KUBERNETES = "kubernetes";

    private KubernetesPlatform() {}

    /** The platform spec of {@code pipeline}'s steps; empty when no step has Kubernetes settings. */
    public static PlatformSpec of(Pipeline pipeline) {
        PlatformDeploymentConfig.Builder executors = PlatformDeploymentConfig.newBuilder();
        for (Step step : pipeline.steps()) {
            if (!step.kubernetes().isNone()) {
                executors.putExecutors("exec-" + step.name(), PipelineYaml.struct(executorConfig(step.kubernetes())));
            }
        }
        if (executors.getExecutorsCount() == 0) {
            return PlatformSpec.getDefaultInstance();
        }
        return PlatformSpec.newBuilder()
                .putPlatforms(
                        KUBERNETES,
                        SinglePlatformSpec.newBuilder()
                                .setDeploymentSpec(executors)
                                .build())
                .build();
    }

    /** The config of one executor, in the order the SDK's calls add them. */
    @SuppressWarnings("deprecation") // the SDK writes the deprecated name fields too, for older backends
    public static KubernetesExecutorConfig executorConfig(StepKubernetes k8s) {
        KubernetesExecutorConfig.Builder config = KubernetesExecutorConfig.newBuilder();
        for (StepKubernetes.PvcMount m : k8s.pvcMounts()) {
            config.addPvcMount(PvcMount.newBuilder()
                    .setMountPath(m.mountPath())
                    .setSubPath(m.subPath())
                    .setPvcNameParameter(constant(m.claim()))
                    .setConstant(m.claim()));
        }
        for (Map.Entry<String, List<StepKubernetes.KeyAsEnv>> e :
                bySource(k8s.secretsAsEnv()).entrySet()) {
            SecretAsEnv.Builder secret = SecretAsEnv.newBuilder()
                    .setOptional(false)
                    .setSecretNameParameter(constant(e.getKey()))
                    .setSecretName(e.getKey());
            e.getValue()
                    .forEach(k -> secret.addKeyToEnv(SecretAsEnv.SecretKeyToEnvMap.newBuilder()
                            .setSecretKey(k.key())
                            .setEnvVar(k.envVar())));
            config.addSecretAsEnv(secret);
        }
        for (StepKubernetes.AsVolume v : k8s.secretsAsVolume()) {
            config.addSecretAsVolume(SecretAsVolume.newBuilder()
                    .setMountPath(v.mountPath())
                    .setOptional(false)
                    .setSecretNameParameter(constant(v.source()))
                    .setSecretName(v.source()));
        }
        for (Map.Entry<String, List<StepKubernetes.KeyAsEnv>> e :
                bySource(k8s.configMapsAsEnv()).entrySet()) {
            ConfigMapAsEnv.Builder map = ConfigMapAsEnv.newBuilder()
                    .setOptional(false)
                    .setConfigMapNameParameter(constant(e.getKey()))
                    .setConfigMapName(e.getKey());
            e.getValue()
                    .forEach(k -> map.addKeyToEnv(ConfigMapAsEnv.ConfigMapKeyToEnvMap.newBuilder()
                            .setConfigMapKey(k.key())
                            .setEnvVar(k.envVar())));
            config.addConfigMapAsEnv(map);
        }
        for (StepKubernetes.AsVolume v : k8s.configMapsAsVolume()) {
            config.addConfigMapAsVolume(ConfigMapAsVolume.newBuilder()
                    .setMountPath(v.mountPath())
                    .setOptional(false)
                    .setConfigMapNameParameter(constant(v.source()))
                    .setConfigMapName(v.source()));
        }
        if (!k8s.nodeSelector().isEmpty()) {
            config.setNodeSelector(NodeSelector.newBuilder().putAllLabels(k8s.nodeSelector()));
        }
        for (StepKubernetes.Toleration t : k8s.tolerations()) {
            Toleration.Builder toleration = Toleration.newBuilder()
                    .setKey(t.key())
                    .setOperator(t.operator())
                    .setValue(t.value())
                    .setEffect(t.effect());
            if (t.seconds() != null) {
                toleration.setTolerationSeconds(t.seconds());
            }
            config.addTolerations(toleration);
        }
        for (String secret : k8s.imagePullSecrets()) {
            config.addImagePullSecret(ImagePullSecret.newBuilder()
                    .setSecretNameParameter(constant(secret))
                    .setSecretName(secret));
        }
        return config.build();
    }

    private static Map<String, List<StepKubernetes.KeyAsEnv>> bySource(List<StepKubernetes.KeyAsEnv> keys) {
        Map<String, List<StepKubernetes.KeyAsEnv>> bySource = new LinkedHashMap<>();
        for (StepKubernetes.KeyAsEnv k : keys) {
            bySource.computeIfAbsent(k.source(), s -> new java.util.ArrayList<>())
                    .add(k);
        }
        return bySource;
    }

    private static InputParameterSpec constant(String name) {
        return InputParameterSpec.newBuilder()
                .setRuntimeValue(ValueOrRuntimeParameter.newBuilder()
                        .setConstant(Value.newBuilder().setStringValue(name)))
                .build();
    }
}
