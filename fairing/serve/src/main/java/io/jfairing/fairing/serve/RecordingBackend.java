package io.jfairing.fairing.serve;

import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.SystemTypes;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Records each deployment as a run of experiment {@value #EXPERIMENT}: params (backend, image, model name and URI,
 * replicas, scaling, canary, mode), the URL as a tag, and the model artifact it serves as an input. The artifact is
 * the {@code system.Model} already logged with that URI (by the training run, so that lineage goes from the training
 * run through the model to the deployment), or a new one. The run ends FINISHED when the deployment is deleted.
 */
final class RecordingBackend implements ServingBackend {
    static final String EXPERIMENT = "jfairing-serving";
    static final String TAG_URL = "jfairing.serving.url";
    static final String TAG_BACKEND = "jfairing.serving.backend";

    private final ServingBackend delegate;
    private final MetadataStore store;

    RecordingBackend(ServingBackend delegate, MetadataStore store) {
        this.delegate = delegate;
        this.store = store;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ServingHandle deploy(ServingSpec requested) throws ServeException {
        ServedModel served = ServedModel.resolve(requested, store.registry());
        ServingSpec spec = served.spec();
        ServingHandle handle = delegate.deploy(spec);
        String deployment = ServedModel.deploymentName(spec);
        served.version().ifPresent(v -> store.registry().recordDeployment(v.model(), v.version(), deployment));
        Run run = store.startRun(RunSpec.builder(EXPERIMENT).name(spec.name()).build());
        try {
            run.logParams(params(spec, delegate.name()));
            served.version().ifPresent(v -> {
                run.logParam("model_reference", requested.modelUri().orElseThrow());
                run.logParam("model_version", v.reference().toString());
            });
            run.setTag(TAG_URL, handle.url().toString());
            run.setTag(TAG_BACKEND, delegate.name());
            if (served.version().isPresent()) { // the registered version's own artifact, for its lineage
                long artifactId = served.version().get().artifactId();
                store.logArtifact(
                        run.id(),
                        Event.Type.INPUT,
                        "model",
                        store.mlmd().getArtifact(artifactId).orElseThrow());
            } else {
                spec.modelUri().ifPresent(uri -> run.logInput(model(spec, uri), "model"));
            }
            run.flush();
        } catch (RuntimeException e) {
            run.end(RunStatus.FAILED);
            throw e;
        }
        return new RecordedHandle(
                handle,
                run,
                () -> served.version().ifPresent(v -> store.registry().removeDeployment(v.model(), deployment)));
    }

    static Map<String, Object> params(ServingSpec spec, String backend) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("backend", backend);
        spec.image().ifPresent(i -> p.put("image", i));
        p.put("model_name", spec.modelName());
        spec.modelUri().ifPresent(u -> p.put("model_uri", u));
        spec.predictor().ifPresent(c -> p.put("predictor", c));
        spec.namespace().ifPresent(n -> p.put("namespace", n));
        spec.minReplicas().ifPresent(n -> p.put("min_replicas", n));
        spec.maxReplicas().ifPresent(n -> p.put("max_replicas", n));
        spec.scaleMetric().ifPresent(m -> p.put("scale_metric", m.value()));
        spec.scaleTarget().ifPresent(t -> p.put("scale_target", t));
        spec.canaryTrafficPercent().ifPresent(c -> p.put("canary_traffic_percent", c));
        spec.deploymentMode().ifPresent(m -> p.put("deployment_mode", m.value()));
        return p;
    }

    /** The latest {@code system.Model} logged with this URI, else a new one named after the model. */
    private Model model(ServingSpec spec, String uri) {
        List<Artifact> logged = store.mlmd().findArtifacts(MlmdQuery.byUri(uri));
        Optional<Artifact> latest =
                logged.stream().filter(a -> SystemTypes.MODEL.equals(a.type())).max(Comparator.comparing(Artifact::id));
        return latest.map(Model::fromArtifact)
                .orElseGet(() -> Model.builder().name(spec.modelName()).uri(uri).build());
    }

    /** Ends the run when the deployment is deleted. */
    private static final class RecordedHandle implements ServingHandle {
        private final ServingHandle handle;
        private final Run run;
        private final Runnable forget;

        RecordedHandle(ServingHandle handle, Run run, Runnable forget) {
            this.handle = handle;
            this.run = run;
            this.forget = forget;
        }

        @Override
        public String name() {
            return handle.name();
        }

        @Override
        public String modelName() {
            return handle.modelName();
        }

        @Override
        public String backend() {
            return handle.backend();
        }

        @Override
        public URI url() {
            return handle.url();
        }

        @Override
        public ServingHandle waitUntilReady(Duration timeout) throws ServeException {
            try {
                handle.waitUntilReady(timeout);
            } catch (ServeException e) {
                run.setTag(
                        "jfairing.serving.error",
                        e.getMessage().length() > 1000 ? e.getMessage().substring(0, 1000) : e.getMessage());
                throw e;
            }
            return this;
        }

        @Override
        public String logs() throws ServeException {
            return handle.logs();
        }

        @Override
        public void delete() throws ServeException {
            handle.delete();
            forget.run();
            run.end(RunStatus.FINISHED);
        }

        @Override
        public void promote() throws ServeException {
            handle.promote();
            run.setTag("jfairing.serving.canary", "promoted");
        }

        @Override
        public void rollback() throws ServeException {
            handle.rollback();
            run.setTag("jfairing.serving.canary", "rolled back");
        }

        @Override
        public OptionalLong metadataRunId() {
            return OptionalLong.of(run.id());
        }

        @Override
        public String toString() {
            return handle + " (metadata run " + run.id() + ")";
        }
    }
}
