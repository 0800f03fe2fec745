package io.jfairing.fairing.cli;

import io.jfairing.fairing.registry.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Registry options shared by the commands. */
final class RegistryOptions {
    @Option(names = "--insecure", description = "Allow registries over plain HTTP or with unverified certificates.")
    boolean insecure;

    @Option(names = "--username", description = "Registry user (default: the Docker/podman config's credentials).")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password from standard input.")
    boolean passwordStdin;

    @Option(
            names = "--password-env",
            paramLabel = "VAR",
            description = "Read the registry password from this environment variable.")
    String passwordEnv;

    @Option(
            names = "--docker-config",
            paramLabel = "FILE",
            description = "A Docker config.json to take credentials from.")
    Path dockerConfig;

    RegistryCredentials credentials(InputStream stdin) throws IOException {
        RegistryCredentials credentials = RegistryCredentials.none();
        if (username != null) {
            String password;
            if (passwordStdin) {
                password = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
            } else if (passwordEnv != null) {
                password = System.getenv(passwordEnv);
                if (password == null) {
                    throw new IOException("the environment variable " + passwordEnv + " is not set");
                }
            } else {
                throw new IOException("--username needs --password-stdin or --password-env");
            }
            credentials = RegistryCredentials.of(username, password);
        }
        if (dockerConfig != null) {
            credentials = credentials.or(RegistryCredentials.dockerConfig(dockerConfig));
        }
        return credentials.or(RegistryCredentials.fromEnvironment());
    }
}
