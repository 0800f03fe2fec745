package io.jfairing.fairing.preprocess;

/**
 * Java code of a cell, without its magic lines.
 *
 * @param code the code
 * @param line the code's first line in the cell, 0-based (so that errors point at the cell's own lines)
 */
public record CodePart(String code, int line) {}
