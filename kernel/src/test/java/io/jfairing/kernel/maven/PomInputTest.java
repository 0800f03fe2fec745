package io.jfairing.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PomInputTest {
    @Test
    void aCompleteProjectIsKeptAsWritten() throws Exception {
        String pom = """
                <?xml version="1.0"?>
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>
                <version>1</version></project>""";
        assertThat(PomInput.complete(pom)).isEqualTo(pom.replaceFirst("<\\?xml version=\"1.0\"\\?>", ""));
    }

    @Test
    void missingCoordinatesAreAddedOnTheStartTagLine() throws Exception {
        String completed = PomInput.complete(
                "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n" + "  <dependencies/>\n</project>");
        assertThat(completed.lines().findFirst().orElseThrow())
                .contains(
                        "<modelVersion>4.0.0</modelVersion>",
                        "<groupId>jfairing.notebook</groupId>",
                        "<artifactId>cell</artifactId>",
                        "<version>1</version>");
        assertThat(completed.lines().count()).isEqualTo(3);
    }

    @Test
    void aProjectWithAParentInheritsGroupAndVersion() throws Exception {
        String completed = PomInput.complete(
                "<project><parent><groupId>p</groupId><artifactId>p</artifactId><version>2</version></parent></project>");
        assertThat(completed)
                .doesNotContain("<groupId>jfairing.notebook</groupId>")
                .doesNotContain("<version>1<");
    }

    @Test
    void fragmentsAreWrappedIntoAProject() throws Exception {
        String completed = PomInput.complete("""
                <dependency><groupId>g</groupId><artifactId>one</artifactId><version>1</version></dependency>
                <dependencies>
                  <dependency><groupId>g</groupId><artifactId>two</artifactId><version>1</version></dependency>
                </dependencies>
                <repository><id>r</id><url>https://example.org/m2</url></repository>
                <properties><x>1</x></properties>
                """);
        assertThat(completed)
                .contains(
                        "<project>",
                        "<artifactId>one</artifactId>",
                        "<artifactId>two</artifactId>",
                        "<repositories>",
                        "<id>r</id>",
                        "<properties>",
                        "<modelVersion>4.0.0</modelVersion>");
        assertThat(completed.indexOf("<dependencies>")).isEqualTo(completed.lastIndexOf("<dependencies>"));
    }

    @Test
    void malformedXmlIsReportedWithItsLine() {
        assertThatThrownBy(() -> PomInput.complete("<dependencies>\n<dependency>\n</dependencies>"))
                .isInstanceOf(ResolutionException.class)
                .hasMessageContaining("not well-formed")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> PomInput.complete("  ")).isInstanceOf(ResolutionException.class);
        assertThatThrownBy(
                        () -> PomInput.complete("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(ResolutionException.class);
    }
}
