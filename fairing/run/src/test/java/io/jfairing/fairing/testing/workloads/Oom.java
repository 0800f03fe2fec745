package io.jfairing.fairing.testing.workloads;

import java.util.ArrayList;
import java.util.List;

/** Allocates until the heap is full. */
public final class Oom {
    private Oom() {}

    public static void main(String[] args) {
        System.out.println("allocating");
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }
}
