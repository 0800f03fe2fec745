package io.jfairing.images.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * An HTTP endpoint of a server that a test started (an image's Jupyter server in a {@link ServerContainer}):
 * {@link #awaitOk()} polls it until it answers 200, and fails with the server's log when it never does.
 *
 * @param url what to ask
 * @param log the server's log, read only when the wait fails
 * @param patience how long to keep asking
 */
public record ContainerEndpoint(URI url, Supplier<String> log, Duration patience) {
    private static final Duration POLL = Duration.ofMillis(250);

    /** The body of the first 200 answer; an {@link AssertionError} with the last answer and the log if none came. */
    public String awaitOk() throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "no answer";
        do {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        throw new AssertionError(
                "the server did not answer " + url + " within " + patience + " (" + last + "); its log:\n" + log.get());
    }
}
