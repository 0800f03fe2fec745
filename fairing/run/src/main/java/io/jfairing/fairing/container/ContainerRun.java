package io.jfairing.fairing.container;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code podman run -d} starts: image, name, labels, env, network, resources and the command. Immutable.
 *
 * <pre>{@code
 * ContainerRun run = ContainerRun.builder("127.0.0.1:5000/train:1").name("mnist-worker-0")
 *         .label("jfairing.io/job-name", "mnist").env("RANK", "0").network("host").memory("2g").build();
 * String id = podman.run(run);
 * }</pre>
 */
public final class ContainerRun {
    private final String image;
    private final String name;
    private final Map<String, String> labels;
    private final Map<String, String> env;
    private final String network;
    private final String memory;
    private final String cpus;
    private final List<String> entrypoint;
    private final List<String> args;
    private final List<String> options;

    private ContainerRun(Builder b) {
        this.image = b.image;
        this.name = b.name;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.network = b.network;
        this.memory = b.memory;
        this.cpus = b.cpus;
        this.entrypoint = List.copyOf(b.entrypoint);
        this.args = List.copyOf(b.args);
        this.options = List.copyOf(b.options);
    }

    public static Builder builder(String image) {
        return new Builder(image);
    }

    public String image() {
        return image;
    }

    public String name() {
        return name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Map<String, String> env() {
        return env;
    }

    public String network() {
        return network;
    }

    public List<String> entrypoint() {
        return entrypoint;
    }

    public List<String> args() {
        return args;
    }

    /** The arguments after {@code podman}: {@code run -d --name ... IMAGE ARGS}. */
    public List<String> toArguments() {
        List<String> out = new ArrayList<>(List.of("run", "-d", "--log-driver", "k8s-file"));
        if (name != null) {
            out.addAll(List.of("--name", name));
        }
        labels.forEach((k, v) -> out.addAll(List.of("--label", k + "=" + v)));
        env.forEach((k, v) -> out.addAll(List.of("--env", k + "=" + v)));
        if (network != null) {
            out.addAll(List.of("--network", network));
        }
        if (memory != null) {
            out.addAll(List.of("--memory", memory));
        }
        if (cpus != null) {
            out.addAll(List.of("--cpus", cpus));
        }
        if (!entrypoint.isEmpty()) {
            out.add("--entrypoint=" + toJsonArray(entrypoint));
        }
        out.addAll(options);
        out.add(image);
        out.addAll(args);
        return out;
    }

    private static String toJsonArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return out.append(']').toString();
    }

    /** Builds a {@link ContainerRun}. */
    public static final class Builder {
        private final String image;
        private String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String network;
        private String memory;
        private String cpus;
        private final List<String> entrypoint = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final List<String> options = new ArrayList<>();

        private Builder(String image) {
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("a container needs an image");
            }
            this.image = image;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder labels(Map<String, String> values) {
            values.forEach(this::label);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder env(Map<String, String> values) {
            values.forEach(this::env);
            return this;
        }
        /** {@code host}, {@code none}, a network's name, or {@code container:NAME}. */
        public Builder network(String value) {
            this.network = value;
            return this;
        }
        /** A podman memory limit such as {@code 512m} or {@code 2g}. */
        public Builder memory(String value) {
            this.memory = value;
            return this;
        }

        public Builder cpus(String value) {
            this.cpus = value;
            return this;
        }
        /** Replaces the image's entrypoint. */
        public Builder entrypoint(List<String> value) {
            entrypoint.clear();
            entrypoint.addAll(value);
            return this;
        }
        /** Replaces the image's command (the arguments after the image). */
        public Builder args(List<String> value) {
            args.clear();
            args.addAll(value);
            return this;
        }
        /** Any other {@code podman run} option, such as {@code --tls-verify=false}. */
        public Builder option(String... value) {
            options.addAll(List.of(value));
            return this;
        }

        public ContainerRun build() {
            return new ContainerRun(this);
        }
    }
}
