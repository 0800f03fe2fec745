package io.jfairing.runtime.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetCatalogTest {
    @TempDir
    Path dir;

    @Test
    void theKernelShipsPresetsForPopularDataLibraries() {
        PresetCatalog catalog = new PresetCatalog(List.of());
        assertThat(catalog.all())
                .extracting(LibraryPreset::name)
                .contains("xchart", "commons-math", "tablesaw", "jackson", "gson", "okhttp", "http", "sqlite", "h2");
        for (LibraryPreset preset : catalog.all()) {
            assertThat(preset.source()).isEqualTo("built-in");
            assertThat(preset.description()).as(preset.name()).isNotBlank();
            for (String coordinate : preset.coordinates("1.0")) {
                assertThat(coordinate).as(preset.name()).matches("[\\w.-]+:[\\w.-]+:1\\.0");
            }
        }
        LibraryPreset xchart = catalog.find("xchart").orElseThrow();
        assertThat(xchart.coordinates(null)).containsExactly("org.knowm.xchart:xchart:" + xchart.version());
        assertThat(xchart.coordinates("3.5.2")).containsExactly("org.knowm.xchart:xchart:3.5.2");
        assertThat(xchart.importStatements()).contains("import org.knowm.xchart.*;");
        assertThat(xchart.renderers())
                .extracting(LibraryPreset.Renderer::type)
                .containsExactly("org.knowm.xchart.internal.chartpart.Chart");
        assertThat(catalog.find("commons-math").orElseThrow().coordinates("3.6.1"))
                .containsExactly("org.apache.commons:commons-math3:3.6.1");
    }

    @Test
    void aTeamFolderOnTheSearchPathAddsPresetsAndReplacesBuiltInOnes() throws Exception {
        Path team = Files.createDirectories(dir.resolve("team"));
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".jfairing/use"));
        Files.writeString(team.resolve("gson.json"), """
                {"name": "gson", "version": "2.10.1", "description": "our pinned Gson",
                 "dependencies": ["com.google.code.gson:gson:{version}"]}
                """);
        Files.writeString(home.resolve(".jfairing/use/stats.json"), """
                {"format": 1, "name": "stats", "version": "1.0", "description": "team statistics",
                 "dependencies": ["com.example:stats:{version}"],
                 "repositories": [{"id": "team", "url": "https://repo.example.com/maven"}],
                 "imports": ["com.example.stats.*", "static com.example.stats.Stats.mean"],
                 "init": ["var stats = new com.example.stats.Stats();"],
                 "renderers": [{"type": "com.example.stats.Summary", "code": "html(value.toString())"}]}
                """);
        PresetCatalog catalog = PresetCatalog.fromEnvironment(
                Map.of(PresetCatalog.PATH_VARIABLE, team + File.pathSeparator + dir.resolve("missing")), home);
        assertThat(catalog.folders()).containsExactly(team, dir.resolve("missing"), home.resolve(".jfairing/use"));

        LibraryPreset gson = catalog.find("gson").orElseThrow();
        assertThat(gson.description()).isEqualTo("our pinned Gson");
        assertThat(gson.source()).isEqualTo(team.resolve("gson.json").toString());
        LibraryPreset stats = catalog.find("stats").orElseThrow();
        assertThat(stats.repositories())
                .containsExactly(new LibraryPreset.Repository("team", "https://repo.example.com/maven"));
        assertThat(stats.importStatements())
                .containsExactly("import com.example.stats.*;", "import static com.example.stats.Stats.mean;");
        assertThat(stats.init()).containsExactly("var stats = new com.example.stats.Stats();");
        assertThat(catalog.all()).extracting(LibraryPreset::name).contains("stats", "gson", "xchart");
        assertThat(catalog.all())
                .filteredOn(p -> p.name().equals("gson"))
                .singleElement()
                .extracting(LibraryPreset::description)
                .isEqualTo("our pinned Gson");
        assertThat(catalog.find("nothing-like-it")).isEmpty();
        assertThat(catalog.find("../etc/passwd")).isEmpty();
    }

    @Test
    void aBadDescriptorSaysWhereAndWhat() throws Exception {
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": \"x\", \"colour\": 1}", "team/x.json"))
                .isInstanceOf(PresetException.class)
                .hasMessageContaining("team/x.json")
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> PresetParser.parse("{\"version\": \"1\"}", "a.json"))
                .hasMessageContaining("\"name\" is missing");
        assertThatThrownBy(
                        () -> PresetParser.parse("{\"name\": \"x\", \"dependencies\": [\"g:a:{version}\"]}", "a.json"))
                .hasMessageContaining("uses {version} but the preset has no \"version\"");
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": \"x\", \"dependencies\": [\"just-a-name\"]}", "a.json"))
                .hasMessageContaining("'just-a-name' is not groupId:artifactId:version");
        assertThatThrownBy(() -> PresetParser.parse(
                        "{\"name\": \"x\", \"imports\": [\"java.util.*; System.exit(1)\"]}", "a.json"))
                .hasMessageContaining("is not an import");
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": \"x\", \"format\": 2}", "a.json"))
                .hasMessageContaining("format 2 is not supported");
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": \"x\", \"imports\": \"java.util.*\"}", "a.json"))
                .hasMessageContaining("\"imports\" must be a list");
        assertThatThrownBy(
                        () -> PresetParser.parse("{\"name\": \"x\", \"renderers\": [{\"type\": \"a.B\"}]}", "a.json"))
                .hasMessageContaining("\"code\" is missing");
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": ", "a.json")).hasMessageContaining("not valid JSON");

        Path folder = Files.createDirectories(dir.resolve("use"));
        Files.writeString(folder.resolve("plots.json"), "{\"name\": \"charts\"}");
        assertThatThrownBy(() -> new PresetCatalog(List.of(folder)).find("plots"))
                .hasMessageContaining("must be called charts.json");
    }

    @Test
    void aRendererMatchesTheTypeItNamesAndItsSubtypes() {
        PresetRenderers renderers = new PresetRenderers();
        renderers.add("java.lang.CharSequence", value -> "text " + value);
        renderers.add("java.lang.Number", value -> "number " + value);
        assertThat(renderers.render(new StringBuilder("ab"))).contains("text ab");
        assertThat(renderers.render(3)).contains("number 3");
        assertThat(renderers.render(List.of())).isEmpty();
        renderers.add("java.lang.Integer", value -> "int " + value);
        assertThat(renderers.render(3)).as("the latest added wins").contains("int 3");
    }

    @Test
    void aSpecNamesAPresetAndAVersionOrSaysWhatIsWrong() throws Exception {
        PresetCatalog catalog = new PresetCatalog(List.of(dir.resolve("nothing-here")));
        PresetUse chosen = catalog.use("commons-math@3.5");
        assertThat(chosen.preset().name()).isEqualTo("commons-math");
        assertThat(chosen.version()).isEqualTo("3.5");
        assertThat(chosen.coordinates()).containsExactly("org.apache.commons:commons-math3:3.5");
        assertThat(chosen).hasToString("commons-math@3.5");
        PresetUse own = catalog.use("commons-math");
        assertThat(own.version()).isEqualTo(own.preset().version());
        assertThat(own.requestedVersion()).isNull();

        assertThatThrownBy(() -> catalog.use("no-such-thing"))
                .isInstanceOf(PresetException.class)
                .hasMessageStartingWith(
                        "there is no preset 'no-such-thing'; %use --list shows them (commons-compress, ")
                .hasMessageEndingWith("A team adds one as no-such-thing.json in a folder of JFAIRING_USE_PATH or"
                        + " ~/.jfairing/use.");
        assertThatThrownBy(() -> catalog.use("xchart@ 1"))
                .hasMessage("'xchart@ 1': the version after @ is empty or malformed");
        assertThatThrownBy(() -> catalog.use("http@11"))
                .hasMessageStartingWith("preset 'http' has no version to choose");
    }

    @Test
    void aRendererIsAFunctionOverValueThatRethrowsCheckedExceptionsUnchecked() {
        LibraryPreset.Renderer renderer = new LibraryPreset.Renderer("a.B", "html(value.toString())");
        assertThat(renderer.function())
                .isEqualTo("(java.util.function.Function<Object, Object>) value -> {\n    try {\n"
                        + "        return html(value.toString());\n    } catch (Exception e) {\n"
                        + "        throw new RuntimeException(e);\n    }\n}");
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": \"x\", \"format\": \"1\"}", "a.json"))
                .hasMessage("a.json: \"format\" must be a number");
        assertThatThrownBy(() -> PresetParser.parse("[]", "a.json"))
                .hasMessage("a.json: a preset descriptor is a JSON object");
        assertThatThrownBy(() -> PresetParser.parse("{\"name\": \"x\", \"init\": [1]}", "a.json"))
                .hasMessage("a.json: \"init\" holds 1, which is not what it takes");
    }
}
