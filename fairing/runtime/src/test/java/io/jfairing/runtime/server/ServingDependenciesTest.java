package io.jfairing.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The server must run in an image with no libraries: JDK modules and the runtime's runner and json packages only. */
class ServingDependenciesTest {
    @Test
    void importsOnlyTheJdkAndTheRunner() throws Exception {
        Path sources = Path.of("src/main/java/io/jfairing/runtime/server");
        List<String> imports;
        try (Stream<Path> files = Files.list(sources)) {
            imports = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(line -> line.startsWith("import "))
                    .distinct()
                    .collect(Collectors.toList());
        }
        assertThat(imports)
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "import (static )?(java\\.|com\\.sun\\.net\\.httpserver\\.|io\\.jfairing\\.runtime\\.(runner|json)\\.).*"));
    }
}
