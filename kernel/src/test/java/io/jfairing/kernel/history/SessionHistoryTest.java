package io.jfairing.kernel.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager.ResultFlag;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionHistoryTest {
    private final SessionHistory history = new SessionHistory(7);
    private final Set<ResultFlag> none = EnumSet.noneOf(ResultFlag.class);

    @BeforeEach
    void fill() {
        history.add(1, "int a = 1;", "");
        history.add(2, "a + 1", "2");
        history.add(3, "print(a)", "");
        history.add(4, "a + 1", "2");
    }

    @Test
    void tailGivesTheLastEntriesInOrder() {
        assertThat(history.lookupTail(2, none))
                .extracting(HistoryEntry::getCellNumber)
                .containsExactly(3, 4);
        assertThat(history.lookupTail(2, none))
                .hasSize(2)
                .allMatch(entry -> entry.getSession() == 7 && !entry.hasOutput());
    }

    @Test
    void outputComesAsAnInputOutputPair() {
        HistoryEntry entry =
                history.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0);
        assertThat(entry.hasOutput()).isTrue();
        assertThat(entry.getOutput()).isEqualTo("2");
        assertThat(history.lookupTail(4, EnumSet.of(ResultFlag.INCLUDE_OUTPUT))
                        .get(0)
                        .getOutput())
                .isEmpty();
    }

    @Test
    void rangeIsHalfOpen() {
        assertThat(history.lookupRange(7, 2, 4, none))
                .extracting(HistoryEntry::getCellNumber)
                .containsExactly(2, 3);
        assertThat(history.lookupRange(99, 2, 4, none)).isEmpty();
    }

    @Test
    void searchMatchesWholeInputsWithGlobs() {
        assertThat(history.search("a + ?", 0, none))
                .extracting(HistoryEntry::getCellNumber)
                .containsExactly(2, 4);
        assertThat(history.search("*a*", 2, none))
                .extracting(HistoryEntry::getCellNumber)
                .containsExactly(3, 4);
        assertThat(history.search("a", 0, none)).isEmpty();
        assertThat(history.search("(a)", 0, none)).isEmpty();
    }

    @Test
    void uniqueSearchKeepsTheLatestOfEachInput() {
        assertThat(history.search("a + *", 0, EnumSet.of(ResultFlag.UNIQUE)))
                .extracting(HistoryEntry::getCellNumber)
                .containsExactly(4);
    }
}
