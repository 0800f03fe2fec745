package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * What a backend's handles share: the client, the namespace, the error mapping and the timing settings.
 *
 * @param stuckGracePeriod how long a replica may stay stuck (image pull error, container config error) before the
 *                         job is declared failed
 * @param apiRetryWindow   how long a watch may stay broken before waiting for the job gives up
 * @param logRetryDelay    the pause before a broken log stream is opened again
 * @param streams          runs the log streams (one thread each while they follow)
 */
record KubernetesContext(
        KubernetesClient client,
        String namespace,
        ApiErrors errors,
        String backendName,
        Clock clock,
        Duration stuckGracePeriod,
        Duration apiRetryWindow,
        Duration logRetryDelay,
        ExecutorService streams) {}
