package io.jfairing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.runtime.json.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The packaged runtime jar (what the kernel's jar holds and an image's runner layer is made of) depends on nothing
 * but the JDK: its classes name only JDK classes and its own, jackson-core included under
 * {@code io.jfairing.runtime.internal}, so no library a notebook adds can clash with it.
 */
class RuntimeJarIT {
    static Path jar() {
        Path jar = Path.of(System.getProperty("runtime.jar", "target/jfairing-runtime-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged runtime jar").exists();
        return jar;
    }

    @Test
    void theJarNamesOnlyTheJdkAndItself() throws Exception {
        Map<String, byte[]> classes = ClassReferences.ofJar(jar());
        assertThat(classes.keySet())
                .as("every class lives under io/jfairing/runtime/")
                .allSatisfy(name -> assertThat(name).startsWith("io/jfairing/runtime/"))
                .contains(
                        "io/jfairing/runtime/internal/jackson/core/JsonFactory.class",
                        "io/jfairing/runtime/display/Display.class",
                        "io/jfairing/runtime/runner/NotebookRunner.class");
        Set<String> referenced = ClassReferences.referenced(classes);
        assertThat(referenced).noneMatch(name -> name.startsWith("com/fasterxml/"));
        assertThat(ClassReferences.outside(referenced, "io/jfairing/runtime/"))
                .as("classes the runtime jar names outside the JDK and itself")
                .isEmpty();
    }

    @Test
    void itsJsonRunsOnTheRelocatedJackson() throws Exception {
        assertThat(Path.of(JsonCodec.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()))
                .as("the classes under test")
                .isEqualTo(jar().toAbsolutePath());
        String text = "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2],\"data\":[6.8,\"\\u2028\"]}]}";
        assertThat(JsonCodec.write(JsonCodec.parse(text))).isEqualTo(text);
    }

    @Test
    void thePublishedPomNamesNoDependency() throws Exception {
        // the shade plugin moves the project onto this pom, and the working folder with it: absolute paths only
        Path pom = Path.of(System.getProperty("runtime.pom", "target/dependency-reduced-pom.xml"));
        assertThat(pom).exists();
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList dependencies = document.getElementsByTagName("dependency");
        List<String> notForTests = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            NodeList scope = dependency.getElementsByTagName("scope");
            if (scope.getLength() == 0 || !scope.item(0).getTextContent().equals("test")) {
                notForTests.add(
                        dependency.getElementsByTagName("artifactId").item(0).getTextContent());
            }
        }
        assertThat(notForTests)
                .as("dependencies of the published runtime, tests' aside")
                .isEmpty();
    }

    @Test
    void reportsItsSize() throws Exception {
        Path jar = jar();
        long classes;
        try (JarFile file = new JarFile(jar.toFile())) {
            classes = file.stream()
                    .filter(entry -> entry.getName().endsWith(".class"))
                    .count();
        }
        System.out.printf(
                "runtime jar: %s, %d bytes (%d KiB), %d classes%n",
                jar.getFileName(), Files.size(jar), Files.size(jar) / 1024, classes);
        assertThat(Files.size(jar)).as("bytes").isLessThan(2L << 20);
    }
}
