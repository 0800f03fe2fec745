package io.jfairing.kernel.maven;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelProblem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.metadata.Metadata;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.spi.connector.transport.http.HttpTransporterException;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.MetadataNotFoundException;
import org.eclipse.aether.transfer.MetadataTransferException;
import org.eclipse.aether.transfer.RepositoryOfflineException;

/** Turns Maven Resolver's exception trees into short messages for the notebook user. */
final class Failures {
    private static final int MAX_LINES = 8;

    /** What the messages may mention besides the exception itself. */
    record Context(
            Path localRepository, MavenSettings settings, Predicate<Artifact> hidden, List<String> repositoryOrder) {
        /** Sorts failures by the order their repositories are tried in, for stable messages. */
        int rank(Exception t) {
            RemoteRepository r = repository(t);
            int i = r == null ? -1 : repositoryOrder.indexOf(r.getId());
            return i < 0 ? Integer.MAX_VALUE : i;
        }
    }

    private Failures() {}

    static ResolutionException describe(Exception e, Context context) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Exception> transfers = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        walk(e, seen, transfers, others);

        Map<String, List<String>> paths = dependencyPaths(e);
        Map<String, List<Exception>> byArtifact = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (Exception t : transfers) {
            if (t instanceof VersionRangeResolutionException vre) {
                lines.add(range(vre, context));
                continue;
            }
            String key;
            if (t instanceof ArtifactTransferException ate) {
                if (ate.getArtifact() != null && context.hidden().test(ate.getArtifact())) {
                    continue;
                }
                key = ate.getArtifact() == null ? "?" : Coordinates.shortForm(ate.getArtifact());
            } else {
                Metadata m = ((MetadataTransferException) t).getMetadata();
                key = m == null
                        ? "?"
                        : m.getGroupId()
                                + ':'
                                + m.getArtifactId()
                                + (m.getVersion().isEmpty() ? "" : ":" + m.getVersion());
            }
            byArtifact.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        byArtifact.forEach((artifact, failures) -> lines.add(
                "Could not resolve " + artifact + via(paths.get(artifact)) + ": " + reasons(failures, context)));
        lines.addAll(others);
        if (lines.isEmpty()) {
            lines.add(firstLine(e.getMessage()));
        }
        List<String> shown = lines.size() > MAX_LINES ? lines.subList(0, MAX_LINES) : lines;
        String message = String.join("\n", shown);
        if (lines.size() > MAX_LINES) {
            message += "\n... and " + (lines.size() - MAX_LINES) + " more";
        }
        return new ResolutionException(message, e);
    }

    /**
     * Collects the transfer failures (they name artifact and repository), invalid POMs, and the messages of leaf
     * exceptions that are neither (a version range without versions, for instance).
     */
    private static void walk(Throwable t, Set<Throwable> seen, List<Exception> transfers, Set<String> others) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof ArtifactTransferException
                || t instanceof MetadataTransferException
                || (t instanceof VersionRangeResolutionException vre && vre.getResult() != null)) {
            transfers.add((Exception) t);
            return;
        }
        if (t instanceof ModelBuildingException mbe) {
            int n = transfers.size();
            for (ModelProblem p : mbe.getProblems()) {
                walk(p.getException(), seen, transfers, others);
            }
            if (transfers.size() == n) {
                others.add(modelProblems(mbe));
            }
            return;
        }
        List<Throwable> children = new ArrayList<>();
        if (t instanceof DependencyResolutionException dre && dre.getResult() != null) {
            children.addAll(dre.getResult().getCollectExceptions());
            dre.getResult().getArtifactResults().forEach(r -> children.addAll(r.getExceptions()));
        } else if (t instanceof ArtifactResolutionException are) {
            are.getResults().forEach(r -> children.addAll(r.getExceptions()));
        } else if (t instanceof DependencyCollectionException dce && dce.getResult() != null) {
            children.addAll(dce.getResult().getExceptions());
        } else if (t instanceof ArtifactDescriptorException ade && ade.getResult() != null) {
            children.addAll(ade.getResult().getExceptions());
        }
        if (t.getCause() != null) {
            children.add(t.getCause());
        }
        children.addAll(List.of(t.getSuppressed()));
        if (children.isEmpty()) {
            others.add(firstLine(t.getMessage() != null ? t.getMessage() : t.toString()));
        }
        children.forEach(c -> walk(c, seen, transfers, others));
    }

    private static String modelProblems(ModelBuildingException e) {
        return "Invalid POM: "
                + e.getProblems().stream()
                        .filter(p -> p.getSeverity() != ModelProblem.Severity.WARNING)
                        .map(p -> p.getMessage() + (p.getLineNumber() > 0 ? " (line " + p.getLineNumber() + ")" : ""))
                        .distinct()
                        .collect(Collectors.joining("; "));
    }

    private static RemoteRepository repository(Exception t) {
        if (t instanceof ArtifactTransferException a) {
            return a.getRepository();
        }
        return t instanceof MetadataTransferException m ? m.getRepository() : null;
    }

    private static String where(RemoteRepository repo) {
        return repo == null ? "the local repository" : repo.getId() + " (" + repo.getUrl() + ")";
    }

    private static String reasons(List<Exception> unordered, Context context) {
        List<Exception> failures = new ArrayList<>(unordered);
        failures.sort(java.util.Comparator.comparingInt(context::rank));
        Set<String> notFound = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        boolean offline = false;
        for (Exception t : failures) {
            RemoteRepository repo = repository(t);
            if (cause(t, RepositoryOfflineException.class) != null) {
                offline = true;
            } else if (t instanceof ArtifactNotFoundException || t instanceof MetadataNotFoundException) {
                if (repo != null) {
                    notFound.add(where(repo));
                }
            } else {
                other.add(transferProblem(t, repo, context));
            }
        }
        if (offline && notFound.isEmpty() && other.isEmpty()) {
            return "offline and not in the local repository (" + context.localRepository()
                    + "); run it again online to download it";
        }
        List<String> parts = new ArrayList<>();
        if (!notFound.isEmpty()) {
            parts.add("not found in " + String.join(", ", notFound));
        }
        parts.addAll(other);
        if (offline) {
            parts.add("the other repositories were not tried (offline)");
        }
        return parts.isEmpty() ? "not found in the local repository" : String.join("; ", parts);
    }

    /** A version range with no version available (in any repository that could be read). */
    private static String range(VersionRangeResolutionException e, Context context) {
        Artifact a = e.getResult().getRequest().getArtifact();
        String what = a.getGroupId() + ':' + a.getArtifactId() + ':' + a.getVersion();
        Set<String> other = new LinkedHashSet<>();
        Set<String> failed = new LinkedHashSet<>();
        boolean offline = false;
        List<Exception> exceptions = new ArrayList<>(e.getResult().getExceptions());
        exceptions.sort(java.util.Comparator.comparingInt(context::rank));
        for (Exception x : exceptions) {
            RemoteRepository repo = repository(x);
            if (repo == null || x instanceof MetadataNotFoundException) {
                continue;
            }
            if (cause(x, RepositoryOfflineException.class) != null) {
                offline = true;
            } else {
                other.add(transferProblem(x, repo, context));
                failed.add(repo.getId());
            }
        }
        if (offline) {
            return "Could not resolve " + what + ": offline and no version in that range in the local repository ("
                    + context.localRepository() + ")";
        }
        List<String> searched = e.getResult().getRequest().getRepositories().stream()
                .filter(r -> !failed.contains(r.getId()))
                .map(Failures::where)
                .toList();
        List<String> parts = new ArrayList<>();
        if (!searched.isEmpty() || other.isEmpty()) {
            parts.add("no version in that range"
                    + (searched.isEmpty() ? " in the local repository" : " in " + String.join(", ", searched)));
        }
        parts.addAll(other);
        return "Could not resolve " + what + ": " + String.join("; ", parts);
    }

    private static String transferProblem(Exception t, RemoteRepository repo, Context context) {
        String where = where(repo);
        HttpTransporterException http = cause(t, HttpTransporterException.class);
        String id = repo == null ? "?" : repo.getId();
        if (http != null) {
            int status = http.getStatusCode();
            if (status == 401 || status == 407) {
                String what = status == 401 ? "" : "the proxy for ";
                String hint;
                String problem = context.settings().credentialProblems.get(id);
                if (problem != null) {
                    hint = "the password of <server> '" + id + "' in settings.xml could not be decrypted: " + problem;
                } else if (status == 401 && context.settings().serverIds.contains(id)) {
                    hint = "check the username and password of <server> '" + id + "' in settings.xml";
                } else if (status == 401) {
                    hint = "add a <server> with <id>" + id + "</id>, <username> and <password> to settings.xml";
                } else {
                    hint = "check the username and password of the <proxy> in settings.xml";
                }
                return "authentication failed (HTTP " + status + ") at " + what + where + ": " + hint;
            }
            if (status == 403) {
                return "access denied (HTTP 403) at " + where
                        + (context.settings().serverIds.contains(id)
                                ? ": the user of <server> '" + id + "' in settings.xml may not read it"
                                : "");
            }
            return "HTTP " + status + " from " + where;
        }
        Throwable root = rootCause(t);
        String reason;
        if (root instanceof UnknownHostException) {
            reason = "unknown host " + (repo != null ? repo.getHost() : root.getMessage());
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            reason = "cannot connect (" + root.getMessage() + ")";
        } else if (root instanceof SocketTimeoutException) {
            reason = "timed out";
        } else if (root instanceof SSLException) {
            reason = "TLS error (" + root.getMessage() + ")";
        } else if (root instanceof FileNotFoundException || root == t) {
            reason = firstLine(t.getMessage());
        } else {
            reason = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        return "cannot download from " + where + ": " + reason;
    }

    private static String via(List<String> path) {
        if (path == null || path.size() < 2) {
            return "";
        }
        return " (required by " + String.join(" -> ", path.subList(0, path.size() - 1)) + ")";
    }

    /** For each artifact in the collected graph, the path of coordinates that leads to it. */
    private static Map<String, List<String>> dependencyPaths(Exception e) {
        DependencyNode root = null;
        if (e instanceof DependencyResolutionException dre && dre.getResult() != null) {
            root = dre.getResult().getRoot();
        } else if (e instanceof DependencyCollectionException dce && dce.getResult() != null) {
            root = dce.getResult().getRoot();
        }
        Map<String, List<String>> paths = new LinkedHashMap<>();
        if (root != null) {
            for (DependencyNode child : root.getChildren()) {
                collectPaths(child, new ArrayList<>(), paths, 0);
            }
        }
        return paths;
    }

    private static void collectPaths(DependencyNode node, List<String> prefix, Map<String, List<String>> paths, int d) {
        if (node.getArtifact() == null || d > 50) {
            return;
        }
        List<String> path = new ArrayList<>(prefix);
        path.add(Coordinates.shortForm(node.getArtifact()));
        paths.putIfAbsent(path.get(path.size() - 1), path);
        for (DependencyNode child : node.getChildren()) {
            collectPaths(child, path, paths, d + 1);
        }
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable c = t;
        while (c.getCause() != null && seen.add(c)) {
            c = c.getCause();
        }
        return c;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
