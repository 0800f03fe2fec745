package io.jfairing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own classes, as compiled (before {@code package} relocates anything), name nothing but the JDK,
 * themselves and jackson-core, the one library its jar carries relocated (RuntimeJarIT checks the jar).
 */
class RuntimeDependenciesTest {
    @Test
    void theClassesNameOnlyTheJdkThemselvesAndJacksonCore() throws Exception {
        Map<String, byte[]> classes = ClassReferences.ofFolder(Path.of("target/classes"));
        assertThat(classes).isNotEmpty();
        Set<String> referenced = ClassReferences.referenced(classes);
        assertThat(referenced)
                .contains(
                        "io/jfairing/runtime/display/Display",
                        "java/lang/String",
                        "com/sun/net/httpserver/HttpServer",
                        "jdk/jshell/SourceCodeAnalysis");
        assertThat(ClassReferences.outside(referenced, "io/jfairing/runtime/", "com/fasterxml/jackson/core/"))
                .as("classes outside the JDK, the runtime and jackson-core")
                .isEmpty();
    }

    @Test
    void theCheckSeesWhatIsNotTheJdk() {
        assertThat(ClassReferences.outside(
                        Set.of(
                                "java/util/List",
                                "javax/inject/Inject",
                                "org/slf4j/Logger",
                                "io/jfairing/runtime/runner/Program"),
                        "io/jfairing/runtime/"))
                .containsExactly("javax/inject/Inject", "org/slf4j/Logger");
    }
}
