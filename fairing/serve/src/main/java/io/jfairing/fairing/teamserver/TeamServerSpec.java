package io.jfairing.fairing.teamserver;

import io.jfairing.fairing.serve.InvalidServingSpecException;
import java.util.regex.Pattern;

/**
 * A metadata server for a team in a cluster: where it runs, the image with the {@code jfairing} command, and its
 * store: a PostgreSQL database ({@link #database()} a {@code postgresql://USER@HOST:PORT/DB} URI, the password in a
 * Secret) or a SQLite file on a PersistentVolumeClaim of {@link #storage()}.
 *
 * @param tokenSecret the Secret with the bearer token (key {@value #TOKEN_KEY})
 * @param passwordSecret the Secret with the database password (key {@value #PASSWORD_KEY}); PostgreSQL only
 * @param podDefaultLabel pods with this label set to "true" get the server's address and token (Kubeflow PodDefault)
 */
public record TeamServerSpec(
        String name,
        String namespace,
        String image,
        int port,
        String database,
        String storage,
        String tokenSecret,
        String passwordSecret,
        String podDefaultLabel) {
    public static final String TOKEN_KEY = "token";
    public static final String PASSWORD_KEY = "password";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public TeamServerSpec {
        check("name", name);
        check("namespace", namespace);
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidServingSpecException(
                    "the metadata server needs an image with the jfairing command (--image)");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidServingSpecException("port must be 1 to 65535, got " + port);
        }
        if (database != null) {
            String lower = database.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("postgresql://") && !lower.startsWith("postgres://")) {
                throw new InvalidServingSpecException(
                        "--database must be postgresql://USER@HOST:PORT/DATABASE (a cluster runs SQLite on a volume:"
                                + " leave --database out and give --storage)");
            }
            String rest = database.substring(database.indexOf("://") + 3);
            int at = rest.indexOf('@');
            if (at > 0 && rest.substring(0, at).contains(":")) {
                throw new InvalidServingSpecException(
                        "the database URI carries a password: it would be written into the manifest; put it in the"
                                + " Secret " + passwordSecret + " (key " + PASSWORD_KEY + ") instead");
            }
        }
        check("token secret", tokenSecret);
        if (database != null) {
            check("password secret", passwordSecret);
        }
    }

    private static void check(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidServingSpecException(
                    "invalid " + what + " '" + value + "' (lowercase letters, digits and '-', at most 63)");
        }
    }

    /** The defaults: {@code jfairing-metadata} on port 8765, a 10Gi volume, Secrets named after the server. */
    public static TeamServerSpec of(String namespace, String image, String database) {
        return new TeamServerSpec(
                "jfairing-metadata",
                namespace,
                image,
                8765,
                database,
                "10Gi",
                "jfairing-metadata-token",
                database == null ? null : "jfairing-metadata-db",
                "jfairing-metadata");
    }

    public boolean postgres() {
        return database != null;
    }

    /** The address pods of the namespace use: {@code http://NAME.NAMESPACE.svc.cluster.local:PORT}. */
    public String url() {
        return "http://" + name + "." + namespace + ".svc.cluster.local:" + port;
    }
}
