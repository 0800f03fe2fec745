package io.jfairing.kernel;

import io.jfairing.kernel.execution.CodeAnalyzer;
import io.jfairing.kernel.execution.CodeEvaluator;

/** What the kernel's start-up produces: the JShell evaluator, the session that runs cells, and the analyzer. */
record KernelState(CodeEvaluator evaluator, KernelSession session, CodeAnalyzer analyzer) {}
