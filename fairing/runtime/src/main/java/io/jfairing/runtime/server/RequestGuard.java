package io.jfairing.runtime.server;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses requests a web page could make behind the user's back: a foreign {@code Origin} (cross-site), a {@code Host}
 * that is not this server's (DNS rebinding: a page whose name resolves to 127.0.0.1), and writes that are not JSON
 * (a form or {@code text/plain} POST needs no CORS preflight). A server bound to a wildcard address (in a container)
 * takes any host unless hosts are listed.
 */
final class RequestGuard {
    /** The media types a write may have: JSON, or the binary tensor extension's body. */
    static final String JSON = "application/json";

    static final String BINARY = "application/octet-stream";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> hosts; // lower case, without port and brackets; empty: any host
    private final Set<String> origins; // lower case scheme://host[:port]

    private RequestGuard(Set<String> hosts, Set<String> origins) {
        this.hosts = hosts;
        this.origins = origins;
    }

    /**
     * The guard of a server bound to {@code boundHost}: loopback names, the bound address and {@code extraHosts}; any
     * host for a wildcard address without {@code extraHosts}. {@code extraOrigins} are the origins (besides the
     * server's own) whose pages may call it.
     */
    static RequestGuard of(String boundHost, Collection<String> extraHosts, Collection<String> extraOrigins) {
        Set<String> hosts = new TreeSet<>();
        extraHosts.forEach(h -> hosts.add(bare(h)));
        if (!isWildcard(boundHost) || !hosts.isEmpty()) {
            hosts.addAll(LOOPBACK_NAMES);
            hosts.add(bare(boundHost));
        }
        Set<String> origins = new TreeSet<>();
        extraOrigins.forEach(o -> origins.add(o.toLowerCase(Locale.ROOT).replaceAll("/+$", "")));
        return new RequestGuard(hosts, origins);
    }

    /** Throws a 403 for a cross-site or rebinding request, a 415 for a write that is not JSON. */
    void check(String method, Headers headers) {
        String host = headers.getFirst("Host");
        if (host != null && !hosts.isEmpty() && !hosts.contains(bare(stripPort(host)))) {
            throw new ServingException(
                    403,
                    "requests for host '" + host + "' are refused (this server answers " + String.join(", ", hosts)
                            + "; allow more with --allowed-hosts)");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !sameOrigin(origin, host) && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            throw new ServingException(
                    403, "cross-origin request from '" + origin + "' refused (allow it with --allowed-origins)");
        }
        if (method.equals("POST")) {
            String type = mediaType(headers.getFirst("Content-Type"));
            boolean binary = headers.getFirst(BinaryTensors.HEADER_LENGTH) != null;
            if (!type.equals(JSON) && !(binary && type.equals(BINARY))) {
                throw new ServingException(
                        415,
                        "a POST needs Content-Type: " + JSON + (binary ? " or " + BINARY : "") + ", not "
                                + (type.isEmpty() ? "none" : "'" + type + "'")
                                + " (curl: -H 'Content-Type: application/json')");
            }
        }
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            return uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    private static String bare(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) { // an IPv6 literal: one spelling
            try {
                return InetAddress.getByName(h)
                                .getHostAddress()
                                .replaceAll("%.*$", "")
                                .equals("0:0:0:0:0:0:0:1")
                        ? "::1"
                        : h;
            } catch (UnknownHostException e) {
                return h;
            }
        }
        return h;
    }

    private static boolean isWildcard(String host) {
        String h = bare(host);
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }
}
