package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Kubernetes' own field rules, checked when a spec is built (issue 15: the job was created and its pods never came). */
class KubernetesRulesTest {

    private static void rejected(UnaryOperator<JobSpec.Builder> change, String... parts) {
        var thrown = assertThatThrownBy(() -> change.apply(
                                JobSpec.builder("img").kind(JobKind.PYTORCH_JOB).replicas(1))
                        .build())
                .isInstanceOf(InvalidJobSpecException.class);
        for (String p : parts) {
            thrown.hasMessageContaining(p);
        }
    }

    @Test
    void tolerationEffectMustBeATaintEffect() {
        rejected(
                b -> b.toleration("gpu", null, "Sometimes"),
                "tolerations[0].effect",
                "'Sometimes'",
                "validateTaintEffect");
        rejected(
                b -> b.toleration(new TolerationBuilder()
                        .withKey("k")
                        .withOperator("Exists")
                        .withValue("v")
                        .build()),
                "tolerations[0].value",
                "Exists");
        rejected(
                b -> b.toleration(new TolerationBuilder()
                        .withOperator("Equal")
                        .withValue("v")
                        .build()),
                "tolerations[0].operator");
        rejected(
                b -> b.toleration(new TolerationBuilder()
                        .withKey("k")
                        .withOperator("Like")
                        .build()),
                "must be Equal or Exists");
        rejected(
                b -> b.toleration(new TolerationBuilder()
                        .withKey("k")
                        .withOperator("Exists")
                        .withEffect("NoSchedule")
                        .withTolerationSeconds(5L)
                        .build()),
                "NoExecute");
        assertThat(JobSpec.builder("img")
                        .toleration("nvidia.com/gpu", null, "NoSchedule")
                        .toleration("pool", "gpu", "NoExecute")
                        .toleration("x", "y", null)
                        .build()
                        .tolerations())
                .hasSize(3);
    }

    @Test
    void nodeSelectorLabelsAndAnnotations() {
        rejected(b -> b.nodeSelector("pool", "a b"), "nodeSelector[pool]", "'a b'", "IsValidLabelValue");
        rejected(b -> b.nodeSelector("bad key!", "a"), "nodeSelector[bad key!]", "IsQualifiedName");
        rejected(b -> b.label("team", "has spaces!"), "labels[team]", "'has spaces!'", "IsValidLabelValue");
        rejected(b -> b.label("team", "x".repeat(64)), "labels[team]");
        rejected(b -> b.label("Bad_Prefix.io/team", "ml"), "labels[Bad_Prefix.io/team]", "prefix");
        rejected(b -> b.annotation("not ok", "v"), "annotations[not ok]", "IsQualifiedName");
        rejected(b -> b.annotation("big", "x".repeat(300_000)), "annotations", "256 KiB");
        assertThat(JobSpec.builder("img")
                        .label("app.kubernetes.io/part-of", "ml_v1.2")
                        .label("empty", "")
                        .annotation("example.com/note", "any text at all!")
                        .nodeSelector("cloud.google.com/gke-accelerator", "nvidia-l4")
                        .build()
                        .labels())
                .hasSize(2);
    }

    @Test
    void namesOfNamespaceServiceAccountSecretsAndClaims() {
        rejected(b -> b.namespace("Team_A"), "namespace", "'Team_A'", "DNS-1123 label");
        rejected(b -> b.serviceAccount("Bad SA"), "serviceAccount", "'Bad SA'", "DNS-1123 subdomain");
        rejected(b -> b.imagePullSecret("Reg Cred"), "imagePullSecrets");
        rejected(b -> b.secretEnv("s3_creds"), "secretEnv");
        rejected(b -> b.configMapEnv("Config"), "configMapEnv");
        rejected(b -> b.pvc("Data", "/data"), "claimName", "'Data'");
        assertThat(JobSpec.builder("img")
                        .namespace("team-a")
                        .serviceAccount("trainer.v1")
                        .pvc("data", "/data")
                        .build()
                        .namespace())
                .isEqualTo("team-a");
    }

    @Test
    void extendedResourcesAreWholeAndNotOvercommitted() {
        rejected(
                b -> b.resources(Resources.none().limit(Resources.GPU, "0.5")),
                "limits.nvidia.com/gpu",
                "'0.5'",
                "whole number");
        rejected(
                b -> b.resources(Resources.none().request(Resources.GPU, "1")),
                "limits.nvidia.com/gpu",
                "is required",
                "ValidateResourceRequirements");
        rejected(
                b -> b.resources(Resources.none().request(Resources.GPU, "1").limit(Resources.GPU, "2")),
                "must equal the limit 2");
        rejected(b -> b.resources(Resources.none().gpus(1).limit(Resources.GPU, "1")), "given twice");
        rejected(b -> b.resources(Resources.none().request("bad name!", "1")), "requests.bad name!");
        rejected(
                b -> b.resources(Role.WORKER, Resources.none().limit("example.com/fpga", "1500m")),
                "resources of Worker.limits.example.com/fpga");
        assertThat(JobSpec.builder("img")
                        .resources(Resources.none()
                                .limit(Resources.GPU, "2")
                                .request("example.com/fpga", "1")
                                .limit("example.com/fpga", "1")
                                .request("ephemeral-storage", "1.5Gi")
                                .request("hugepages-2Mi", "1Gi"))
                        .build()
                        .resources(null)
                        .limits())
                .containsEntry(Resources.GPU, "2");
    }
}
