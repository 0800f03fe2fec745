package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceNamesTest {

    @Test
    void validNamesAreKept() {
        assertThat(ResourceNames.valid("train")).isEqualTo("train");
        assertThat(ResourceNames.valid("mnist-2-gpu")).isEqualTo("mnist-2-gpu");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "My Notebook.ipynb",
                "123-start-with-digits",
                "UPPER",
                "trailing-",
                "a__b",
                "---",
                "été 2024",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "a-very-long-name-that-is-much-longer-than-sixty-three-characters-and-more"
            })
    void madeValidWithAStableSuffix(String name) {
        String valid = ResourceNames.valid(name);
        assertThat(valid).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
        assertThat(valid).matches(".*-[0-9a-f]{6}");
        assertThat(ResourceNames.valid(name)).isEqualTo(valid);
        assertThat(ResourceNames.valid(valid)).isEqualTo(valid);
    }

    @Test
    void namesThatCleanAlikeStayApart() {
        assertThat(ResourceNames.valid("My Job")).startsWith("my-job-").isNotEqualTo(ResourceNames.valid("my_job"));
        assertThat(ResourceNames.valid(null)).startsWith("job-");
        assertThat(ResourceNames.valid("123")).startsWith("job-");
    }

    @Test
    void shorterLimit() {
        assertThat(ResourceNames.valid("a".repeat(50), 40)).hasSize(40);
        assertThat(ResourceNames.isValid("abc", 63)).isTrue();
        assertThat(ResourceNames.isValid("1abc", 63)).isFalse();
    }
}
