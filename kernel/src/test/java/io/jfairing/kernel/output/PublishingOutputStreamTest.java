package io.jfairing.kernel.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishingOutputStreamTest {
    @Test
    void aFlushInsideAMultiByteCharacterWaitsForTheRest() {
        List<String> published = new ArrayList<>();
        PublishingOutputStream stream = new PublishingOutputStream(published::add);
        byte[] text = "a€b".getBytes(StandardCharsets.UTF_8); // € is three bytes
        stream.write(text, 0, 2);
        stream.flush();
        stream.write(text, 2, text.length - 2);
        stream.flush();
        assertThat(published).containsExactly("a", "€b");
    }

    @Test
    void nothingWrittenPublishesNothing() {
        List<String> published = new ArrayList<>();
        new PublishingOutputStream(published::add).flush();
        assertThat(published).isEmpty();
    }

    @Test
    void completeLengthCountsFourByteCharacters() {
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertThat(PublishingOutputStream.completeUtf8Length(emoji)).isEqualTo(4);
        assertThat(PublishingOutputStream.completeUtf8Length(java.util.Arrays.copyOf(emoji, 3)))
                .isZero();
    }
}
