package io.jfairing.kernel.execution;

/** Where a snippet came from: its cell's execution count and the line of the cell it starts on (0-based). */
record SnippetOrigin(int cell, int firstLine) {}
