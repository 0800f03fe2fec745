package io.jfairing.fairing.cli;

import io.jfairing.fairing.FairingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jfairing serve predict}: one request to a model server, V1 or V2 by the body's shape. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Sends a request body to a model server and prints the answer: {\"instances\": ...} goes to V1 "
                    + ":predict, {\"inputs\": ...} to V2 /infer."
        })
final class ServePredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            description = "The model server (http://127.0.0.1:PORT).")
    String url;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Parameters(index = "0", paramLabel = "BODY", description = "The JSON body, or @FILE.")
    String body;

    @Override
    public Integer call() throws Exception {
        String json =
                body.startsWith("@") ? Files.readString(Path.of(body.substring(1)), StandardCharsets.UTF_8) : body;
        String path =
                json.contains("\"inputs\"") ? "/v2/models/" + model + "/infer" : "/v1/models/" + model + ":predict";
        java.net.http.HttpResponse<String> response;
        try {
            response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.replaceAll("/+$", "") + path))
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(60))
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FairingException("cannot reach the model server at " + url + ": " + e.getMessage(), e);
        }
        PrintWriter out = response.statusCode() == 200
                ? spec.commandLine().getOut()
                : spec.commandLine().getErr();
        out.println(response.body());
        out.flush();
        return response.statusCode() == 200 ? 0 : 1;
    }
}
