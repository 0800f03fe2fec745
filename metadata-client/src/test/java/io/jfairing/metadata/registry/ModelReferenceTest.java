package io.jfairing.metadata.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.InvalidRequestException;
import org.junit.jupiter.api.Test;

class ModelReferenceTest {
    @Test
    void parsesVersionsAndAliases() {
        assertThat(ModelReference.parse("models:/wine/3")).isEqualTo(ModelReference.ofVersion("wine", 3));
        assertThat(ModelReference.parse("models:/wine@champion")).isEqualTo(ModelReference.ofAlias("wine", "champion"));
        assertThat(ModelReference.parse("models:/wine.v2@prod-eu").toString()).isEqualTo("models:/wine.v2@prod-eu");
        assertThat(ModelReference.isReference("file:/models/wine")).isFalse();
    }

    @Test
    void rejectsMalformedReferencesSayingWhatIsExpected() {
        for (String bad :
                new String[] {"models:/wine", "models:/wine/", "models:/@x", "models:/wine/1@a", "models:/a b/1"}) {
            assertThatThrownBy(() -> ModelReference.parse(bad)).as(bad).isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> ModelReference.parse("models:/wine/latest"))
                .hasMessageContaining("not a number")
                .hasMessageContaining("NAME@ALIAS");
        assertThatThrownBy(() -> ModelReference.parse("models:/wine/0")).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> ModelReference.parse("s3://bucket/wine")).hasMessageContaining("models:/NAME/VERSION");
    }
}
