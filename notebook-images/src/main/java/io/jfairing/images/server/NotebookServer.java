package io.jfairing.images.server;

/**
 * A notebook server as the cluster reports it.
 *
 * @param state {@code running} (ready), {@code starting}, {@code stopped} (annotated stopped) or {@code stopping}
 * @param gpus the GPU limit, 0 when none
 */
public record NotebookServer(
        String name,
        String namespace,
        String image,
        String cpu,
        String memory,
        int gpus,
        String workspace,
        String state) {}
