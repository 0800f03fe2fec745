package io.jfairing.kernel.maven;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.PlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** What the resolver takes from settings.xml: local repository, offline, mirrors, proxies, servers, repositories. */
final class MavenSettings {
    /** settings.xml's localRepository, or null. */
    final Path localRepository;

    final boolean offline;
    final MirrorSelector mirrors;
    final ProxySelector proxies;
    final AuthenticationSelector authentications;
    /** Repositories of the active settings profiles, in declaration order. */
    final List<RemoteRepository> profileRepositories;
    /** Ids of the servers that carry credentials. */
    final Set<String> serverIds;
    /** Server or proxy id to a problem with its credentials (a password that could not be decrypted). */
    final Map<String, String> credentialProblems;

    private MavenSettings(
            Path localRepository,
            boolean offline,
            MirrorSelector mirrors,
            ProxySelector proxies,
            AuthenticationSelector authentications,
            List<RemoteRepository> profileRepositories,
            Set<String> serverIds,
            Map<String, String> credentialProblems) {
        this.localRepository = localRepository;
        this.offline = offline;
        this.mirrors = mirrors;
        this.proxies = proxies;
        this.authentications = authentications;
        this.profileRepositories = List.copyOf(profileRepositories);
        this.serverIds = Set.copyOf(serverIds);
        this.credentialProblems = Map.copyOf(credentialProblems);
    }

    /**
     * Reads the settings like Maven does (global, then user on top; ${env.X} and ${user.home} interpolated) and
     * decrypts passwords with the master password in {@code settingsSecurity}. Missing files are fine.
     */
    static MavenSettings load(Path userSettings, Path globalSettings, Path settingsSecurity)
            throws ResolutionException {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        if (userSettings != null) {
            request.setUserSettingsFile(userSettings.toFile());
        }
        if (globalSettings != null) {
            request.setGlobalSettingsFile(globalSettings.toFile());
        }
        Properties system = new Properties();
        system.putAll(System.getProperties());
        System.getenv().forEach((k, v) -> system.setProperty("env." + k, v));
        request.setSystemProperties(system);
        Settings settings;
        try {
            settings = new DefaultSettingsBuilderFactory()
                    .newInstance()
                    .build(request)
                    .getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            String problems = e.getProblems().stream()
                    .filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING)
                    .map(p -> p.getMessage() + (p.getLocation().isEmpty() ? "" : " (" + p.getLocation() + ")"))
                    .collect(Collectors.joining("; "));
            throw new ResolutionException("Cannot read Maven settings: " + problems, e);
        }

        SettingsDecrypter decrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(
                cipher(), Map.of(), settingsSecurity.toAbsolutePath().toString()));
        Map<String, String> credentialProblems = new HashMap<>();

        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (org.apache.maven.settings.Mirror m : settings.getMirrors()) {
            mirrors.add(
                    m.getId(),
                    m.getUrl(),
                    m.getLayout(),
                    false,
                    m.isBlocked(),
                    m.getMirrorOf(),
                    m.getMirrorOfLayouts());
        }

        DefaultProxySelector proxies = new DefaultProxySelector();
        for (Proxy p : settings.getProxies()) {
            if (!p.isActive()) {
                continue;
            }
            SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(p));
            Proxy proxy = r.getProxy() != null ? r.getProxy() : p;
            if (!r.getProblems().isEmpty()) {
                credentialProblems.put(p.getId(), r.getProblems().get(0).getMessage());
            }
            AuthenticationBuilder auth = new AuthenticationBuilder()
                    .addUsername(proxy.getUsername())
                    .addPassword(r.getProblems().isEmpty() ? proxy.getPassword() : null);
            proxies.add(
                    new org.eclipse.aether.repository.Proxy(
                            proxy.getProtocol(), proxy.getHost(), proxy.getPort(), auth.build()),
                    proxy.getNonProxyHosts());
        }

        DefaultAuthenticationSelector authentications = new DefaultAuthenticationSelector();
        Set<String> serverIds = new HashSet<>();
        for (Server s : settings.getServers()) {
            SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(s));
            Server server = r.getServer() != null ? r.getServer() : s;
            boolean ok = r.getProblems().isEmpty();
            if (!ok) {
                credentialProblems.put(s.getId(), r.getProblems().get(0).getMessage());
            }
            AuthenticationBuilder auth = new AuthenticationBuilder()
                    .addUsername(server.getUsername())
                    .addPassword(ok ? server.getPassword() : null)
                    .addPrivateKey(server.getPrivateKey(), ok ? server.getPassphrase() : null);
            authentications.add(server.getId(), auth.build());
            if (server.getUsername() != null || server.getPrivateKey() != null) {
                serverIds.add(server.getId());
            }
        }

        List<RemoteRepository> profileRepositories = new ArrayList<>();
        for (Profile profile : activeProfiles(settings)) {
            for (org.apache.maven.settings.Repository r : profile.getRepositories()) {
                profileRepositories.add(new RemoteRepository.Builder(
                                r.getId(), r.getLayout() == null ? "default" : r.getLayout(), r.getUrl())
                        .setReleasePolicy(policy(r.getReleases()))
                        .setSnapshotPolicy(policy(r.getSnapshots()))
                        .build());
            }
        }

        Path localRepository = null;
        String local = settings.getLocalRepository();
        if (local != null && !local.isBlank()) {
            localRepository = Paths.get(local.strip()).toAbsolutePath();
        }
        return new MavenSettings(
                localRepository,
                settings.isOffline(),
                mirrors,
                proxies,
                authentications,
                profileRepositories,
                serverIds,
                credentialProblems);
    }

    /**
     * plexus-cipher's implementation, made by reflection: its class carries a Sisu annotation that is not on the
     * class path, and javac would warn about it wherever the class is named.
     */
    static PlexusCipher cipher() {
        try {
            return (PlexusCipher) Class.forName("org.sonatype.plexus.components.cipher.DefaultPlexusCipher")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("plexus-cipher is missing from the class path", e);
        }
    }

    /** Profiles named in activeProfiles, or else those marked activeByDefault. */
    private static List<Profile> activeProfiles(Settings settings) {
        List<String> active = settings.getActiveProfiles();
        List<Profile> explicit = settings.getProfiles().stream()
                .filter(p -> active.contains(p.getId()))
                .toList();
        if (!explicit.isEmpty()) {
            return explicit;
        }
        return settings.getProfiles().stream()
                .filter(p -> p.getActivation() != null && p.getActivation().isActiveByDefault())
                .toList();
    }

    private static RepositoryPolicy policy(org.apache.maven.settings.RepositoryPolicy p) {
        if (p == null) {
            return new RepositoryPolicy(
                    true, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_WARN);
        }
        return new RepositoryPolicy(
                p.isEnabled(),
                p.getUpdatePolicy() == null ? RepositoryPolicy.UPDATE_POLICY_DAILY : p.getUpdatePolicy(),
                p.getChecksumPolicy() == null ? RepositoryPolicy.CHECKSUM_POLICY_WARN : p.getChecksumPolicy());
    }
}
