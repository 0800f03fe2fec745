package io.jfairing.kernel.maven;

import java.util.Objects;

/**
 * A remote repository as the resolver will use it, for display ({@code %mavenRepo} without arguments).
 *
 * @param id the declared repository id
 * @param url the declared URL
 * @param mirrorId the id of the settings.xml mirror that serves it, or {@code null}
 * @param mirrorUrl the URL of that mirror, or {@code null}
 * @param proxy {@code host:port} of the settings.xml proxy used to reach it, or {@code null}
 * @param authenticated whether settings.xml supplies credentials for it (or for its mirror)
 */
public record RemoteRepositorySummary(
        String id, String url, String mirrorId, String mirrorUrl, String proxy, boolean authenticated) {
    public RemoteRepositorySummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(id).append(' ').append(url);
        if (mirrorId != null) {
            sb.append(" (mirrored by ")
                    .append(mirrorId)
                    .append(' ')
                    .append(mirrorUrl)
                    .append(')');
        }
        if (proxy != null) {
            sb.append(" (via proxy ").append(proxy).append(')');
        }
        if (authenticated) {
            sb.append(" (with credentials)");
        }
        return sb.toString();
    }
}
