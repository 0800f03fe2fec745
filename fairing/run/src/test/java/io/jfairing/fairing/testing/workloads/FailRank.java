package io.jfairing.fairing.testing.workloads;

import io.jfairing.runtime.runner.TrainingContext;

/** The replica whose rank is FAIL_RANK prints "rank R fails" and exits 4; the others wait for ever (a rendezvous). */
public final class FailRank {
    private FailRank() {}

    public static void main(String[] args) throws Exception {
        int rank = TrainingContext.current().rank();
        if (rank == Integer.parseInt(System.getenv("FAIL_RANK"))) {
            Thread.sleep(300);
            System.out.println("rank " + rank + " fails");
            System.exit(4);
        }
        Thread.sleep(600_000);
    }
}
