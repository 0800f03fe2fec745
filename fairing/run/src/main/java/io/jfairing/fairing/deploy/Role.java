package io.jfairing.fairing.deploy;

/** A replica role of a distributed training job; {@link #key()} is the key under {@code *ReplicaSpecs}. */
public enum Role {
    MASTER("Master"),
    WORKER("Worker"),
    CHIEF("Chief"),
    PS("PS"),
    EVALUATOR("Evaluator"),
    LAUNCHER("Launcher");

    private final String key;

    Role(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The role whose {@link #key()} is {@code key}, in any case; null when none is (a single-template kind's replica). */
    public static Role forKey(String key) {
        for (Role role : values()) {
            if (role.key.equalsIgnoreCase(key)) {
                return role;
            }
        }
        return null;
    }
}
