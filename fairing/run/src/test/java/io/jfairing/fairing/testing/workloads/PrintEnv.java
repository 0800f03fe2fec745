package io.jfairing.fairing.testing.workloads;

/** Prints {@code NAME=value} for each variable named in args (empty value when unset). */
public final class PrintEnv {
    private PrintEnv() {}

    public static void main(String[] args) {
        for (String name : args) {
            String value = System.getenv(name);
            System.out.println(name + "=" + (value == null ? "" : value));
        }
    }
}
