package io.jfairing.fairing.testing.workloads;

import io.jfairing.runtime.runner.TrainingContext;

/**
 * A synthetic objective with its maximum 0 at x=3, y=-1: prints {@code score=-(x-3)^2-(y+1)^2} from the trial's
 * FAIRING_PARAM_X and FAIRING_PARAM_Y, and {@code loss=} its opposite. Fails (exit 2) when FAIL_BELOW_X is set and
 * x is below it.
 */
public final class Objective {
    private Objective() {}

    public static void main(String[] args) {
        TrainingContext ctx = TrainingContext.current();
        double x = ctx.doubleParameter("x", 0);
        double y = ctx.doubleParameter("y", 0);
        String failBelow = System.getenv("FAIL_BELOW_X");
        if (failBelow != null && x < Double.parseDouble(failBelow)) {
            System.err.println("x=" + x + " is not allowed");
            System.exit(2);
        }
        double score = -(x - 3) * (x - 3) - (y + 1) * (y + 1);
        System.out.println("epoch 1: loss=" + (-score + 1));
        ctx.reportMetric("loss", -score);
        ctx.reportMetric("score", score);
    }
}
