package io.jfairing.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.kernel.loader.RuntimeJar;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cell's code that starts a thread at once (a run's metric writer on its first {@code logMetric}, a server, an
 * executor) must not make the cell wait for that thread: JShell's local execution joins every thread of the snippet's
 * thread group alive just after the snippet started, so a thread started before that look was joined too, and the
 * cell stayed busy until the thread ended (for a run's writer: until the kernel stopped).
 */
class SnippetThreadsTest {
    /** Enough cells that JShell's race (one cell in ten or more on a busy 2-core machine) would hang one of them. */
    private static final int CELLS = 100;

    private static CodeEvaluator evaluator;

    @BeforeAll
    static void start() throws Exception {
        evaluator = CodeEvaluator.start(
                SnippetThreadsTest.class.getClassLoader(),
                RuntimeJar.locate(),
                new PrintStream(OutputStream.nullOutputStream()),
                List.of());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    // a hang guard, not a speed check: a cell that joined its thread waits for the gate, which never opens
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCellThatStartsAThreadFirstThingEndsWhileTheThreadRunsOn() throws Exception {
        evaluator.eval("var gate = new java.util.concurrent.CountDownLatch(1);", 1, 0);
        evaluator.eval("var started = new java.util.concurrent.atomic.AtomicInteger();", 2, 0);
        evaluator.eval(
                "Runnable waiter = () -> { started.incrementAndGet();"
                        + " try { gate.await(); } catch (InterruptedException e) { } };",
                3,
                0);
        for (int cell = 0; cell < CELLS; cell++) {
            evaluator.eval("new Thread(waiter).start();", 4 + cell, 0);
        }
        // every cell ended although none of the threads the cells started has ended: the gate is still closed
        assertThat(evaluator.eval("gate.getCount()", 5 + CELLS, 0).value()).isEqualTo(1L);
        evaluator.eval("gate.countDown();", 6 + CELLS, 0);
    }
}
