package io.jfairing.fairing.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A quick look at a registry before a build that allows only secure registries: does it answer HTTPS with a
 * certificate this JVM trusts? Jib retries TLS failures with back-off for about a minute; this answers in
 * milliseconds.
 */
public final class RegistryProbe {
    /** What the probe found wrong. */
    public enum Problem {
        UNREACHABLE,
        NOT_SECURE
    }

    /** A problem and its description. */
    public record Finding(Problem problem, String message) {}

    private RegistryProbe() {}

    /** Empty when {@code https://registry/v2/} answers (any status); otherwise what is wrong. */
    public static Optional<Finding> checkSecure(String registry, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + registry + "/v2/"))
                .timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
        } catch (SSLException e) {
            return Optional.of(new Finding(
                    Problem.NOT_SECURE,
                    "the registry " + registry + " does not speak HTTPS with a certificate this machine trusts ("
                            + e.getMessage() + ")"));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Optional.of(new Finding(
                    Problem.UNREACHABLE,
                    "cannot reach the registry " + registry + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        } catch (HttpTimeoutException e) {
            return Optional.of(new Finding(
                    Problem.UNREACHABLE,
                    "the registry " + registry + " did not answer in " + timeout.toSeconds() + " s"));
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SSLException || String.valueOf(e.getMessage()).contains("SSL")) {
                return Optional.of(new Finding(
                        Problem.NOT_SECURE,
                        "the registry " + registry + " does not speak HTTPS with a certificate this machine trusts ("
                                + e.getMessage() + ")"));
            }
            return Optional.of(new Finding(Problem.UNREACHABLE, "cannot reach the registry " + registry + ": " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
