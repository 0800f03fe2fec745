package io.jfairing.images.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a team image spec from YAML, strictly: an unknown or misspelt field, a value of the wrong type, a path that
 * does not exist or a name Kubernetes would refuse is a {@link SpecException} that names the file, line, column and
 * field of each problem.
 *
 * <pre>{@code
 * TeamImageSpec spec = SpecReader.read(Path.of("examples/data-exploration.yaml"));
 * }</pre>
 */
public final class SpecReader {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern KERNEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY).*");
    private static final Pattern MODE = Pattern.compile("[0-7]{3}");
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    // The YAML as written; every field optional here, checked in validate() where locations are known.
    record RawSpec(
            String name,
            String description,
            String image,
            String base,
            RawJava java,
            RawKernel kernel,
            RawJupyter jupyter,
            List<String> libraries,
            List<RawRepository> repositories,
            List<RawFile> files,
            Map<String, String> env,
            Map<String, String> labels) {}

    record RawJava(String from, String home, List<String> modules) {}

    record RawKernel(
            String name,
            String displayName,
            List<String> jvmOptions,
            Map<String, String> env,
            List<String> extensions) {}

    record RawJupyter(String app, List<String> command, String labExtensions) {}

    record RawRepository(String id, String url) {}

    record RawFile(String source, String target, String mode) {}

    private final Path file;
    private final Map<String, SpecLocation> locations;
    private final List<SpecException.Problem> problems = new ArrayList<>();

    private SpecReader(Path file, Map<String, SpecLocation> locations) {
        this.file = file;
        this.locations = locations;
    }

    /** Reads and checks {@code file}. */
    public static TeamImageSpec read(Path file) throws SpecException, IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(file, text);
    }

    /** Reads and checks {@code text}, reporting problems as if it were {@code file}. */
    public static TeamImageSpec parse(Path file, String text) throws SpecException {
        if (text.isBlank()) {
            throw new SpecException(
                    new SpecLocation(file, 1, 1, ""), "the file is empty; a spec needs at least name, image and base");
        }
        Map<String, SpecLocation> locations = Map.of();
        RawSpec raw;
        try {
            locations = locate(file, text);
            raw = YAML.readValue(text, RawSpec.class);
        } catch (JsonProcessingException e) {
            throw new SpecException(location(file, e, locations), describe(e));
        } catch (IOException e) {
            throw new SpecException(new SpecLocation(file, 1, 1, ""), "cannot read: " + e.getMessage());
        }
        if (raw == null) {
            throw new SpecException(
                    new SpecLocation(file, 1, 1, ""), "the file is empty; a spec needs at least name, image and base");
        }
        SpecReader reader = new SpecReader(file, locations);
        TeamImageSpec spec = reader.validate(raw);
        if (!reader.problems.isEmpty()) {
            throw new SpecException(reader.problems);
        }
        return spec;
    }

    /** The location of every field and list entry, by JSON pointer ({@code /libraries/2}). */
    private static Map<String, SpecLocation> locate(Path file, String text) throws IOException {
        Map<String, SpecLocation> locations = new HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonStreamContext context = parser.getParsingContext();
                String pointer = null;
                if (token == JsonToken.FIELD_NAME) {
                    pointer = context.pathAsPointer().toString();
                } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    JsonStreamContext parent = context.getParent();
                    if (parent != null && parent.inArray()) {
                        pointer = parent.pathAsPointer().toString();
                    } else if (parent != null && parent.inRoot()) {
                        pointer = "";
                    }
                } else if (token.isScalarValue() && context.inArray()) {
                    pointer = context.pathAsPointer().toString();
                }
                if (pointer != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    locations.putIfAbsent(
                            pointer, new SpecLocation(file, at.getLineNr(), at.getColumnNr(), field(pointer)));
                }
            }
        }
        return locations;
    }

    /** {@code /libraries/2} as {@code libraries[2]}, {@code /java/modules} as {@code java.modules}. */
    static String field(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(name);
            }
        }
        return out.toString();
    }

    private static SpecLocation location(Path file, JsonProcessingException e, Map<String, SpecLocation> locations) {
        JsonLocation at = e.getLocation();
        String field = "";
        if (e instanceof JsonMappingException mapping) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                pointer.append('/')
                        .append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
            }
            SpecLocation known = locations.get(pointer.toString());
            if (known != null) {
                return known; // where the field starts; Jackson's location is where it stopped reading
            }
            field = field(pointer.toString());
        }
        return new SpecLocation(
                file,
                at == null ? 1 : Math.max(1, at.getLineNr()),
                at == null ? 1 : Math.max(1, at.getColumnNr()),
                field);
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null
                    ? List.of()
                    : unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .toList();
            return "unknown field '" + unknown.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : "; known fields here: " + String.join(", ", known));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            String expected = List.class.isAssignableFrom(type)
                    ? "a list"
                    : Map.class.isAssignableFrom(type)
                            ? "a mapping of names to values"
                            : type == String.class
                                    ? "a single value (text)"
                                    : type.isRecord() ? "a mapping of fields" : type.getSimpleName();
            return "expected " + expected;
        }
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field")) {
            return message.replace("Duplicate field", "duplicate field") + ": give each field once";
        }
        return "not valid YAML: "
                + (message == null
                        ? e.getClass().getSimpleName()
                        : message.lines().findFirst().orElse(message));
    }

    private SpecLocation at(String pointer) {
        SpecLocation location = locations.get(pointer);
        if (location != null) {
            return location;
        }
        int slash = pointer.lastIndexOf('/');
        return slash <= 0
                ? locations.getOrDefault("", new SpecLocation(file, 1, 1, "")).withField(field(pointer))
                : at(pointer.substring(0, slash)).withField(field(pointer));
    }

    private void problem(String pointer, String message) {
        problems.add(new SpecException.Problem(at(pointer), message));
    }

    private TeamImageSpec validate(RawSpec raw) {
        String name = raw.name();
        if (blank(name)) {
            problem("/name", "name is required: the image's short name, such as data-exploration");
        } else if (!NAME.matcher(name).matches() || name.length() > 63) {
            problem(
                    "/name",
                    "'" + name + "' is not a valid name: lower-case letters, digits and '-', at most 63 characters");
        }
        String image = raw.image();
        if (blank(image)) {
            problem(
                    "/image",
                    "image is required: the repository to push to, such as registry.example.com/team/"
                            + (name == null ? "NAME" : name));
        } else {
            checkReference("/image", image);
        }
        String base = raw.base();
        if (blank(base)) {
            problem(
                    "/base",
                    "base is required: an image with a Jupyter server and a C library (Debian, Ubuntu, jupyter/base-notebook)");
        } else {
            checkReference("/base", base);
        }
        JavaRuntime java = java(raw.java());
        KernelSettings kernel = kernel(raw.kernel(), name);
        JupyterServer jupyter = jupyter(raw.jupyter());
        List<Library> libraries = libraries(raw.libraries());
        List<TeamImageSpec.Repository> repositories = repositories(raw.repositories());
        List<ExtraFile> files = files(raw.files());
        Map<String, String> env = env("/env", raw.env());
        Map<String, String> labels = raw.labels() == null ? Map.of() : raw.labels();
        labels.forEach((key, value) -> {
            if (value == null) {
                problem("/labels/" + key, "label " + key + " has no value");
            }
        });
        if (!problems.isEmpty()) {
            return null;
        }
        return new TeamImageSpec(
                file,
                name,
                raw.description() == null ? "" : raw.description(),
                image,
                base,
                java,
                kernel,
                jupyter,
                libraries,
                repositories,
                files,
                env,
                labels);
    }

    private void checkReference(String pointer, String reference) {
        try {
            ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            problem(pointer, "'" + reference + "' is not an image reference ([registry/]repository[:tag][@digest])");
        }
    }

    private JavaRuntime java(RawJava raw) {
        RawJava java = raw == null ? new RawJava(null, null, null) : raw;
        String from = java.from() == null ? "base" : java.from().toLowerCase(Locale.ROOT);
        if (from.equals("base")) {
            if (java.modules() != null) {
                problem(
                        "/java/modules",
                        "modules are for 'from: jlink'; with 'from: base' the base image's Java is used as it is");
            }
            if (blank(java.home())) {
                problem(
                        raw == null ? "/java" : "/java/home",
                        "java.home is required with 'from: base': the folder of the base image's JDK "
                                + "(with bin/java and the jdk.jshell module), such as /opt/java/openjdk; or use 'from: jlink'");
                return null;
            }
            if (!java.home().startsWith("/")) {
                problem("/java/home", "'" + java.home() + "' must be an absolute path in the image");
            }
            return new JavaRuntime(JavaRuntime.Source.BASE, stripSlash(java.home()), List.of());
        }
        if (from.equals("jlink")) {
            if (java.home() != null) {
                problem("/java/home", "home is for 'from: base'; a jlinked runtime goes to " + JavaRuntime.JLINK_HOME);
            }
            List<String> modules = java.modules() == null ? JavaRuntime.DEFAULT_MODULES : java.modules();
            if (!modules.contains("jdk.jshell") && !modules.contains("ALL-MODULE-PATH")) {
                problem(
                        java.modules() == null ? "/java" : "/java/modules",
                        "modules must include jdk.jshell: the kernel compiles cells with it");
            }
            return new JavaRuntime(JavaRuntime.Source.JLINK, JavaRuntime.JLINK_HOME, modules);
        }
        problem(
                "/java/from",
                "'" + java.from()
                        + "' is not a runtime source: use 'base' (the base image's JDK) or 'jlink' (a JDK layer linked here)");
        return null;
    }

    private KernelSettings kernel(RawKernel raw, String imageName) {
        RawKernel kernel = raw == null ? new RawKernel(null, null, null, null, null) : raw;
        String name = kernel.name() == null ? "java" : kernel.name();
        if (!KERNEL_NAME.matcher(name).matches()) {
            problem("/kernel/name", "kernel name '" + name + "' may only contain letters, digits, '.', '_' and '-'");
        }
        String display = kernel.displayName() == null
                ? "Java (" + (imageName == null ? "jfairing" : imageName) + ")"
                : kernel.displayName();
        List<String> jvm = kernel.jvmOptions() == null ? List.of() : kernel.jvmOptions();
        for (int i = 0; i < jvm.size(); i++) {
            if (jvm.get(i) == null || !jvm.get(i).startsWith("-")) {
                problem(
                        "/kernel/jvmOptions/" + i,
                        "'" + jvm.get(i) + "' is not a JVM option (they start with '-', such as -Xmx2g)");
            }
        }
        Map<String, String> env = env("/kernel/env", kernel.env());
        List<Extension> extensions = new ArrayList<>();
        List<String> raws = kernel.extensions() == null ? List.of() : kernel.extensions();
        for (int i = 0; i < raws.size(); i++) {
            String value = raws.get(i);
            String pointer = "/kernel/extensions/" + i;
            if (blank(value)) {
                problem(pointer, "an extension is Maven coordinates (group:artifact:version) or a .jar file");
            } else if (value.endsWith(".jar")) {
                Path jar = folder().resolve(value).normalize();
                if (!Files.isRegularFile(jar)) {
                    problem(pointer, "no such jar: " + jar);
                }
                extensions.add(new Extension(value, at(pointer), jar));
            } else if (Library.isCoordinates(value)) {
                extensions.add(new Extension(value, at(pointer), null));
            } else {
                problem(
                        pointer,
                        "'" + value + "' is neither Maven coordinates (group:artifact:version) nor a .jar file");
            }
        }
        return new KernelSettings(name, display, jvm, env, extensions);
    }

    private JupyterServer jupyter(RawJupyter raw) {
        if (raw == null) {
            return JupyterServer.of(JupyterServer.App.LAB);
        }
        JupyterServer server = server(raw);
        if (server == null || raw.labExtensions() == null) {
            return server;
        }
        String folder = raw.labExtensions().replaceAll("/+$", "");
        if (!folder.startsWith("/") || List.of(folder.split("/")).contains("..")) {
            problem(
                    "/jupyter/labExtensions",
                    "'" + raw.labExtensions() + "' must be an absolute path in the image: a labextensions folder of"
                            + " the base's Jupyter data path, such as /opt/conda/share/jupyter/labextensions");
            return server;
        }
        return server.withLabExtensions(folder);
    }

    private JupyterServer server(RawJupyter raw) {
        if (raw.command() != null) {
            if (raw.app() != null) {
                problem("/jupyter/command", "give either app or command, not both");
            }
            if (raw.command().isEmpty()) {
                problem("/jupyter/command", "the command is empty");
            }
            return new JupyterServer(raw.command(), NotebookConventions.LAB_EXTENSIONS);
        }
        String app = raw.app() == null ? "lab" : raw.app().toLowerCase(Locale.ROOT);
        return switch (app) {
            case "lab" -> JupyterServer.of(JupyterServer.App.LAB);
            case "notebook" -> JupyterServer.of(JupyterServer.App.NOTEBOOK);
            default -> {
                problem(
                        "/jupyter/app",
                        "'" + raw.app()
                                + "' is not a Jupyter app: use lab (JupyterLab) or notebook (the classic server)");
                yield null;
            }
        };
    }

    private List<Library> libraries(List<String> raw) {
        List<Library> libraries = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> values = raw == null ? List.of() : raw;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String pointer = "/libraries/" + i;
            if (blank(value) || !Library.isCoordinates(value.strip())) {
                problem(
                        pointer,
                        "'" + value
                                + "' is not Maven coordinates: groupId:artifactId[:extension[:classifier]]:version");
                continue;
            }
            Library library = new Library(value.strip(), at(pointer));
            Integer earlier = seen.putIfAbsent(library.key(), i);
            if (earlier != null) {
                problem(pointer, library.key() + " is already listed at libraries[" + earlier + "]; keep one version");
                continue;
            }
            libraries.add(library);
        }
        return libraries;
    }

    private List<TeamImageSpec.Repository> repositories(List<RawRepository> raw) {
        if (raw == null) {
            return List.of(new TeamImageSpec.Repository("central", CENTRAL));
        }
        List<TeamImageSpec.Repository> repositories = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            RawRepository repository = raw.get(i);
            String pointer = "/repositories/" + i;
            if (repository == null || blank(repository.id()) || blank(repository.url())) {
                problem(pointer, "a repository needs an id (as in settings.xml, for credentials) and a url");
                continue;
            }
            if (!ids.add(repository.id())) {
                problem(pointer + "/id", "repository id '" + repository.id() + "' is used twice");
            }
            try {
                URI uri = new URI(repository.url());
                if (uri.getScheme() == null || !Set.of("https", "http", "file").contains(uri.getScheme())) {
                    problem(pointer + "/url", "'" + repository.url() + "' is not an http(s) or file URL");
                } else if (uri.getUserInfo() != null) {
                    problem(
                            pointer + "/url",
                            "the URL has credentials in it; put them in a <server> with id '" + repository.id()
                                    + "' in ~/.m2/settings.xml instead, so they stay out of spec files and images");
                }
            } catch (URISyntaxException e) {
                problem(pointer + "/url", "'" + repository.url() + "' is not a URL: " + e.getReason());
            }
            repositories.add(new TeamImageSpec.Repository(repository.id(), repository.url()));
        }
        return repositories;
    }

    private List<ExtraFile> files(List<RawFile> raw) {
        List<ExtraFile> files = new ArrayList<>();
        List<RawFile> values = raw == null ? List.of() : raw;
        for (int i = 0; i < values.size(); i++) {
            RawFile entry = values.get(i);
            String pointer = "/files/" + i;
            if (entry == null || blank(entry.source()) || blank(entry.target())) {
                problem(pointer, "a file needs a source (on this machine) and a target (in the image)");
                continue;
            }
            Path source = folder().resolve(entry.source()).normalize();
            if (!Files.exists(source)) {
                problem(pointer + "/source", "no such file or folder: " + source);
            }
            String target = entry.target();
            if (!target.startsWith("/")) {
                problem(pointer + "/target", "'" + target + "' must be an absolute path in the image");
            } else if (target.equals(NotebookConventions.HOME) || target.startsWith(NotebookConventions.HOME + "/")) {
                problem(
                        pointer + "/target",
                        target + " is under " + NotebookConventions.HOME + ", where Kubeflow mounts the "
                                + "workspace volume: the file would be hidden. Put it elsewhere, such as /opt/team/");
            }
            String mode = entry.mode() == null ? "644" : entry.mode();
            if (!MODE.matcher(mode).matches()) {
                problem(pointer + "/mode", "'" + mode + "' is not a mode: three octal digits, such as 644 or 755");
            }
            files.add(new ExtraFile(source, stripSlash(target), mode, at(pointer)));
        }
        return files;
    }

    private Map<String, String> env(String pointer, Map<String, String> raw) {
        if (raw == null) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            String at = pointer + "/" + key;
            if (!ENV_NAME.matcher(key).matches()) {
                problem(at, "'" + key + "' is not an environment variable name");
            } else if (SECRET_NAME.matcher(key).matches()) {
                problem(
                        at,
                        key
                                + " looks like a secret: anyone who can pull the image can read it. Give it to the notebook "
                                + "server from a Kubernetes Secret instead (a PodDefault, or jfairing notebook create --env-from-secret)");
            } else if (value == null) {
                problem(at, key + " has no value");
            } else {
                env.put(key, value);
            }
        });
        return env;
    }

    private Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
