package io.jfairing.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CoordinatesTest {
    @ParameterizedTest
    @CsvSource({
        "org.example:lib:1.0,                  org.example:lib:jar:1.0",
        "' org.example:lib:1.0 ',              org.example:lib:jar:1.0",
        "org.example:lib:zip:1.0,              org.example:lib:zip:1.0",
        "org.example:lib:jar:sources:1.0,      org.example:lib:jar:sources:1.0",
        "org.example:lib::1.0,                 org.example:lib:jar:1.0",
        "'org.example:lib:[1.0,2.0)',          'org.example:lib:jar:[1.0,2.0)'",
        "org.example:lib:1.0@zip,              org.example:lib:zip:1.0",
        "org.example:lib:1.0:natives@jar,      org.example:lib:jar:natives:1.0",
    })
    void parsesResolverAndGradleSyntax(String text, String expected) throws Exception {
        Artifact a = Coordinates.parse(text);
        assertThat(Coordinates.format(a)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "junit", "a:b", ":b:1", "a::", "a:b:c:d:e:f", "a:b:1@", "a:b@jar", "a :b:1", "a:b:1:@jar"})
    void rejectsMalformedCoordinatesNamingThemAndTheExpectedForm(String text) {
        assertThatThrownBy(() -> Coordinates.parse(text))
                .isInstanceOf(ResolutionException.class)
                .hasMessageStartingWith(
                        "Invalid Maven coordinates '" + text + "': expected groupId:artifactId:version");
    }

    @ParameterizedTest
    @CsvSource({
        "g:a:jar::1.0,       g:a:1.0",
        "g:a:pom::1.0,       g:a:1.0",
        "g:a:zip::1.0,       g:a:zip:1.0",
        "g:a:jar:tests:1.0,  g:a:jar:tests:1.0",
        "g:a:jar::1.0-20240101.120000-3, g:a:1.0-SNAPSHOT",
    })
    void shortFormIsWhatUsersType(String coords, String expected) {
        String[] p = coords.split(":", -1);
        assertThat(Coordinates.shortForm(new DefaultArtifact(p[0], p[1], p[3], p[2], p[4])))
                .isEqualTo(expected);
    }
}
