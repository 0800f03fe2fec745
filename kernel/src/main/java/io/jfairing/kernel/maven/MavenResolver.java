package io.jfairing.kernel.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositoryCache;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactDescriptorPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferCancelledException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

/**
 * Resolves Maven coordinates to local jar files with Maven Resolver, honouring {@code ~/.m2/settings.xml}: local
 * repository, offline mode, mirrors, proxies, server credentials (encrypted ones too) and the repositories of active
 * profiles. Maven Central ({@value #CENTRAL_URL}, id {@code central}) is always a remote repository; a repository
 * with id {@code central} replaces its URL.
 *
 * <p>The repository system is created on first use and reused; the resolver is thread-safe. Resolution runs on a
 * worker thread: interrupting the calling thread makes the call fail at once with a {@link ResolutionException}
 * (the interrupt flag stays set) and cancels the transfers in flight.
 */
public final class MavenResolver implements AutoCloseable {
    /** The id of Maven Central. */
    public static final String CENTRAL_ID = "central";
    /** The URL of Maven Central. */
    public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    private static final Set<String> CLASSPATH_SCOPES = Set.of("compile", "runtime");
    private static final AtomicLong CELL_COUNTER = new AtomicLong();

    private final Path userSettings;
    private final Path globalSettings;
    private final Path settingsSecurity;
    private final Path localRepositoryOverride;
    private final Boolean offlineOverride;
    /** Repositories given to the builder or added later, by id, in insertion order. */
    private final Map<String, RemoteRepository> addedRepositories = new LinkedHashMap<>();

    private final Object lock = new Object();
    private MavenSettings settings;
    private String settingsFingerprint;
    private RepositorySystem system;
    private CloseableSession session;
    private ExecutorService executor;
    private boolean closed;

    private MavenResolver(Builder b) {
        this.userSettings = b.userSettings;
        this.globalSettings = b.globalSettings;
        this.settingsSecurity = b.settingsSecurity;
        this.localRepositoryOverride = b.localRepository;
        this.offlineOverride = b.offline;
        b.repositories.forEach(this::putRepository);
    }

    /** A builder with the defaults described on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves the coordinates together, with their transitive compile and runtime dependencies (conflicts are
     * resolved as Maven does, nearest wins; optional dependencies of dependencies are skipped).
     *
     * @param coordinates {@code g:a:v}, {@code g:a:ext:v} or {@code g:a:ext:classifier:v}
     * @param offline use only the local repository (settings.xml {@code <offline>} forces this too)
     */
    public Resolution resolve(List<String> coordinates, boolean offline) throws ResolutionException {
        List<Dependency> dependencies = new ArrayList<>();
        for (String c : coordinates) {
            dependencies.add(new Dependency(Coordinates.parse(c), "compile"));
        }
        if (dependencies.isEmpty()) {
            return new Resolution(List.of());
        }
        return run(offline, null, (s, repositories) -> new CollectRequest(dependencies, List.of(), repositories));
    }

    /** {@link #resolve(List, boolean)} with the offline mode of the settings. */
    public Resolution resolve(List<String> coordinates) throws ResolutionException {
        return resolve(coordinates, false);
    }

    /**
     * Resolves the {@code <dependencies>} (compile and runtime scope) of a POM and their transitive dependencies,
     * using its {@code <repositories>} too. Properties, the parent, {@code <dependencyManagement>} and BOM imports
     * apply as in Maven. A fragment ({@code <dependency>} or {@code <dependencies>} elements, {@code <repositories>},
     * {@code <properties>}, ...) is accepted as well.
     *
     * @param pomXml the POM or fragment
     * @param offline use only the local repository
     */
    public Resolution resolvePom(String pomXml, boolean offline) throws ResolutionException {
        String pom = PomInput.complete(Objects.requireNonNull(pomXml, "pomXml"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jfairing-pom-");
            Path file = dir.resolve("cell").resolve("pom.xml"); // no ../pom.xml to pick up as a parent
            Files.createDirectories(file.getParent());
            Files.writeString(file, pom, StandardCharsets.UTF_8);
            Artifact root = new DefaultArtifact(
                    PomInput.DEFAULT_GROUP_ID, "loadFromPOM", "pom", "cell-" + CELL_COUNTER.incrementAndGet());
            PomInput.Workspace workspace = new PomInput.Workspace(root, file);
            return run(offline, root, (s, repositories) -> {
                s.setWorkspaceReader(workspace);
                return new CollectRequest(new Dependency(root, ""), repositories);
            });
        } catch (IOException e) {
            throw new ResolutionException("Cannot write the POM to a temporary file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@link #resolvePom(String, boolean)} with the offline mode of the settings. */
    public Resolution resolvePom(String pomXml) throws ResolutionException {
        return resolvePom(pomXml, false);
    }

    /**
     * Adds a remote repository for later resolutions ({@code %mavenRepo id url}); one with an id already present
     * replaces it, {@code central} included. Releases and snapshots are both enabled.
     *
     * @throws IllegalArgumentException if the id is blank or the URL is not an http, https or file URL
     */
    public void addRepository(String id, String url) {
        putRepository(id, url);
    }

    /** The remote repositories in the order they are tried, with the mirror, proxy and credentials that apply. */
    public List<RemoteRepositorySummary> repositories() throws ResolutionException {
        MavenSettings s = settings();
        List<RemoteRepositorySummary> out = new ArrayList<>();
        for (RemoteRepository declared : declaredRepositories(s)) {
            RemoteRepository mirror = s.mirrors.getMirror(declared);
            RemoteRepository effective = mirror != null ? mirror : declared;
            Proxy proxy = s.proxies.getProxy(effective);
            Authentication auth = s.authentications.getAuthentication(effective);
            out.add(new RemoteRepositorySummary(
                    declared.getId(),
                    declared.getUrl(),
                    mirror == null ? null : mirror.getId(),
                    mirror == null ? null : mirror.getUrl(),
                    proxy == null ? null : proxy.getHost() + ":" + proxy.getPort(),
                    auth != null));
        }
        return out;
    }

    /** The local repository that resolutions fill. */
    public Path localRepository() throws ResolutionException {
        return localRepository(settings());
    }

    /** Whether resolutions are offline by default (builder or settings.xml {@code <offline>}). */
    public boolean offline() throws ResolutionException {
        return offlineOverride != null ? offlineOverride : settings().offline;
    }

    /** Shuts the repository system down; later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (executor != null) {
                executor.shutdownNow();
            }
            if (session != null) {
                session.close();
            }
            if (system != null) {
                system.shutdown();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RequestFactory {
        CollectRequest create(DefaultRepositorySystemSession session, List<RemoteRepository> repositories)
                throws Exception;
    }

    private Resolution run(boolean offline, Artifact hiddenRoot, RequestFactory factory) throws ResolutionException {
        MavenSettings s;
        Path local;
        CloseableSession base;
        RepositorySystem sys;
        ExecutorService exec;
        synchronized (lock) { // settings, session and local repository that belong together
            s = settings();
            local = localRepository(s);
            ensureSystem(s, local);
            base = session;
            sys = system;
            exec = executor;
        }
        boolean effectiveOffline = offline || (offlineOverride != null ? offlineOverride : s.offline);
        AtomicBoolean cancelled = new AtomicBoolean();
        CallCache cache = new CallCache();
        Callable<Resolution> task = () -> {
            DefaultRepositorySystemSession call = new DefaultRepositorySystemSession(base);
            call.setOffline(effectiveOffline);
            call.setCache(cache); // nothing cached in memory from one call to the next
            call.setTransferListener(new CancellingListener(cancelled));
            call.setArtifactDescriptorPolicy((ses, request) -> isRoot(request.getArtifact(), hiddenRoot)
                    ? ArtifactDescriptorPolicy.STRICT
                    : ArtifactDescriptorPolicy.IGNORE_MISSING | ArtifactDescriptorPolicy.IGNORE_INVALID);
            List<RemoteRepository> repositories = sys.newResolutionRepositories(call, declaredRepositories(s));
            Failures.Context context = new Failures.Context(
                    local,
                    s,
                    a -> isRoot(a, hiddenRoot),
                    repositories.stream().map(RemoteRepository::getId).toList());
            CollectRequest collect = factory.create(call, repositories);
            DependencyFilter filter = (node, parents) -> node.getDependency() != null
                    && CLASSPATH_SCOPES.contains(node.getDependency().getScope())
                    && !isRoot(node.getArtifact(), hiddenRoot);
            try {
                DependencyResult result = sys.resolveDependencies(call, new DependencyRequest(collect, filter));
                return toResolution(result);
            } catch (RepositoryException e) {
                if (cancelled.get() || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("cancelled");
                }
                throw Failures.describe(e, context);
            } finally {
                cache.close();
            }
        };
        Future<Resolution> future = exec.submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancelled.set(true);
            future.cancel(true);
            cache.close(); // shuts the call's HTTP connections: a download in progress stops now
            Thread.currentThread().interrupt();
            throw new ResolutionException("Dependency resolution was interrupted", e);
        } catch (CancellationException e) {
            throw new ResolutionException("Dependency resolution was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ResolutionException re) {
                throw new ResolutionException(re.getMessage(), re.getCause());
            }
            if (cause instanceof InterruptedException) {
                throw new ResolutionException("Dependency resolution was interrupted", cause);
            }
            throw new ResolutionException(
                    "Dependency resolution failed: "
                            + Failures.firstLine(
                                    String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause)),
                    cause);
        }
    }

    private static boolean isRoot(Artifact a, Artifact root) {
        return root != null
                && a != null
                && root.getGroupId().equals(a.getGroupId())
                && root.getArtifactId().equals(a.getArtifactId())
                && root.getVersion().equals(a.getVersion());
    }

    private static Resolution toResolution(DependencyResult result) {
        List<ResolvedArtifact> artifacts = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (ArtifactResult r : result.getArtifactResults()) {
            Artifact a = r.getArtifact();
            if (a != null && a.getPath() != null && seen.add(a.getPath())) {
                artifacts.add(new ResolvedArtifact(Coordinates.format(a), a.getPath()));
            }
        }
        return new Resolution(artifacts);
    }

    /** The settings, read again when one of the files changed (a fixed password applies to the next call). */
    private MavenSettings settings() throws ResolutionException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("MavenResolver is closed");
            }
            String fingerprint =
                    fingerprint(userSettings) + fingerprint(globalSettings) + fingerprint(settingsSecurity);
            if (settings == null || !fingerprint.equals(settingsFingerprint)) {
                settings = MavenSettings.load(userSettings, globalSettings, settingsSecurity);
                settingsFingerprint = fingerprint;
                if (session != null) { // rebuilt with the new mirrors, proxies and credentials on next use
                    session.close();
                    session = null;
                }
            }
            return settings;
        }
    }

    private static String fingerprint(Path file) {
        if (file == null) {
            return "-|";
        }
        try {
            return file + "@" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) + "|";
        } catch (IOException e) {
            return file + "@absent|";
        }
    }

    private Path localRepository(MavenSettings s) {
        if (localRepositoryOverride != null) {
            return localRepositoryOverride;
        }
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        if (s.localRepository != null) {
            return s.localRepository;
        }
        return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }

    private void ensureSystem(MavenSettings s, Path local) {
        if (closed) {
            throw new IllegalStateException("MavenResolver is closed");
        }
        if (system == null) {
            Quiet.apply();
            system = new RepositorySystemSupplier().get();
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "jfairing-maven-resolver-" + n.incrementAndGet());
                t.setDaemon(true);
                t.setContextClassLoader(MavenResolver.class.getClassLoader());
                return t;
            });
        }
        if (session == null) {
            session = new SessionBuilderSupplier(system)
                    .get()
                    .withLocalRepositoryBaseDirectories(local)
                    .setMirrorSelector(s.mirrors)
                    .setProxySelector(s.proxies)
                    .setAuthenticationSelector(s.authentications)
                    // a kernel lives long: evaluate update policies on every call rather than once per session, and
                    // do not remember failures, so that a retry after fixing the network or settings goes out again
                    .setConfigProperty("aether.updateCheckManager.sessionState", "bypass")
                    .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(false, false))
                    .setConfigProperty(ConfigurationProperties.USER_AGENT, "jfairing-kernel (Maven Resolver)")
                    // classpath order: what was asked for first, then dependencies level by level (Maven 4 order)
                    .setConfigProperty(
                            ConfigurationProperties.REPOSITORY_SYSTEM_DEPENDENCY_VISITOR,
                            ConfigurationProperties.REPOSITORY_SYSTEM_DEPENDENCY_VISITOR_LEVELORDER)
                    // no discovery of .meta/prefixes.txt: it would cost a request per repository and kernel start,
                    // even when everything is in the local repository
                    .setConfigProperty("aether.remoteRepositoryFilter.prefixes", false)
                    .build();
        }
    }

    /** Central, the repositories of active settings profiles, then the added ones; later ids replace earlier. */
    private List<RemoteRepository> declaredRepositories(MavenSettings s) {
        Map<String, RemoteRepository> byId = new LinkedHashMap<>();
        byId.put(
                CENTRAL_ID,
                new RemoteRepository.Builder(CENTRAL_ID, "default", CENTRAL_URL)
                        .setReleasePolicy(new RepositoryPolicy(
                                true, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_WARN))
                        .setSnapshotPolicy(new RepositoryPolicy(
                                false, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_WARN))
                        .build());
        for (RemoteRepository r : s.profileRepositories) {
            byId.put(r.getId(), r);
        }
        synchronized (lock) {
            byId.putAll(addedRepositories);
        }
        return List.copyOf(byId.values());
    }

    private void putRepository(String id, String url) {
        if (id == null || id.isBlank() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Invalid repository id '" + id + "': expected a name without spaces");
        }
        String scheme;
        try {
            scheme = url == null ? null : new URI(url.strip()).getScheme();
        } catch (URISyntaxException e) {
            scheme = null;
        }
        if (scheme == null || !Set.of("http", "https", "file").contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "Invalid repository URL '" + url + "' for " + id + ": expected an http, https or file URL");
        }
        RepositoryPolicy policy =
                new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_WARN);
        RemoteRepository repository = new RemoteRepository.Builder(id, "default", url.strip())
                .setPolicy(policy)
                .build();
        synchronized (lock) {
            addedRepositories.remove(id);
            addedRepositories.put(id, repository);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp file is harmless
        }
    }

    /**
     * The in-memory cache of one call. Closing it closes what the transport keeps there (HttpClient's connection
     * pool), which also aborts a download in progress, as HttpClient would otherwise read it to its end. Works as
     * {@code DefaultRepositoryCache}, which is final.
     */
    private static final class CallCache implements RepositoryCache, AutoCloseable {
        private final Map<Object, Object> values = new ConcurrentHashMap<>();

        @Override
        public void put(RepositorySystemSession session, Object key, Object data) {
            if (data == null) {
                values.remove(key);
            } else {
                values.put(key, data);
            }
        }

        @Override
        public Object get(RepositorySystemSession session, Object key) {
            return values.get(key);
        }

        @Override
        public Object computeIfAbsent(RepositorySystemSession session, Object key, Supplier<Object> supplier) {
            return values.computeIfAbsent(key, k -> supplier.get());
        }

        @Override
        public void close() {
            for (Object value : values.values()) {
                if (value instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        // best effort
                    }
                }
            }
        }
    }

    /** Aborts transfers once the call is cancelled. */
    private static final class CancellingListener extends AbstractTransferListener {
        private final AtomicBoolean cancelled;

        CancellingListener(AtomicBoolean cancelled) {
            this.cancelled = cancelled;
        }

        private void check(TransferEvent event) throws TransferCancelledException {
            if (cancelled.get()) {
                throw new TransferCancelledException(
                        "Cancelled: " + event.getResource().getResourceName());
            }
        }

        @Override
        public void transferInitiated(TransferEvent event) throws TransferCancelledException {
            check(event);
        }

        @Override
        public void transferStarted(TransferEvent event) throws TransferCancelledException {
            check(event);
        }

        @Override
        public void transferProgressed(TransferEvent event) throws TransferCancelledException {
            check(event);
        }
    }

    /** Keeps Maven Resolver, Maven and HttpClient from logging to the console (where the cell output goes). */
    static final class Quiet {
        private static final List<Logger> HELD = new ArrayList<>();

        private Quiet() {}

        static synchronized void apply() {
            if (!HELD.isEmpty()) {
                return;
            }
            for (String name : List.of(
                    "org.eclipse.aether",
                    "org.apache.maven",
                    "org.apache.http",
                    "org.sonatype.plexus",
                    "org.codehaus.plexus")) {
                Logger logger = Logger.getLogger(name);
                if (logger.getLevel() == null) { // leave alone what a logging configuration has set
                    logger.setLevel(Level.SEVERE);
                }
                HELD.add(logger); // JUL holds loggers weakly: keep the level from being lost
            }
        }
    }

    /** Builder of {@link MavenResolver}. */
    public static final class Builder {
        private Path localRepository;
        private Path userSettings = Paths.get(System.getProperty("user.home"), ".m2", "settings.xml");
        private Path globalSettings = defaultGlobalSettings();
        private Path settingsSecurity = defaultSettingsSecurity();
        private Boolean offline;
        private final Map<String, String> repositories = new LinkedHashMap<>();

        private Builder() {}

        private static Path defaultGlobalSettings() {
            String home = System.getenv("MAVEN_HOME");
            if (home == null || home.isBlank()) {
                home = System.getProperty("maven.home");
            }
            return home == null || home.isBlank() ? null : Paths.get(home, "conf", "settings.xml");
        }

        private static Path defaultSettingsSecurity() {
            String p = System.getProperty("settings.security");
            return p != null && !p.isBlank()
                    ? Paths.get(p)
                    : Paths.get(System.getProperty("user.home"), ".m2", "settings-security.xml");
        }

        /** Default: {@code -Dmaven.repo.local}, else settings.xml {@code <localRepository>}, else ~/.m2/repository. */
        public Builder localRepository(Path dir) {
            this.localRepository = dir == null ? null : dir.toAbsolutePath();
            return this;
        }

        /** Default {@code ~/.m2/settings.xml}; a missing file is fine, {@code null} means none. */
        public Builder userSettings(Path file) {
            this.userSettings = file;
            return this;
        }

        /** Default {@code $MAVEN_HOME/conf/settings.xml} when MAVEN_HOME is set; {@code null} means none. */
        public Builder globalSettings(Path file) {
            this.globalSettings = file;
            return this;
        }

        /**
         * Where the master password is, for encrypted passwords. Default {@code ~/.m2/settings-security.xml};
         * {@code -Dsettings.security} wins over this, as in Maven.
         */
        public Builder settingsSecurity(Path file) {
            this.settingsSecurity = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Default: settings.xml {@code <offline>}. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Adds a remote repository (see {@link MavenResolver#addRepository}). */
        public Builder addRepository(String id, String url) {
            repositories.remove(id);
            repositories.put(id, url);
            return this;
        }

        /**
         * Builds the resolver; settings are read and the repository system started on first use.
         *
         * @throws IllegalArgumentException if an added repository has a bad id or URL
         */
        public MavenResolver build() {
            return new MavenResolver(this);
        }
    }
}
