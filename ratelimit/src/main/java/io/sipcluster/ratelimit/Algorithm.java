package io.sipcluster.ratelimit;

import java.util.Locale;

/** A pipe's algorithm, with OpenSIPS's numbers (they travel in {@code ratelimit-pipe-repl}) and names. */
public enum Algorithm {
    NOP(0), TAILDROP(1), RED(2), FEEDBACK(3), NETWORK(4), SBT(5);

    private final int code;

    Algorithm(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Algorithm ofCode(int code) {
        for (Algorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown ratelimit algorithm " + code);
    }

    /** TAILDROP, RED, SBT (OpenSIPS also says HISTORY), FEEDBACK, in any case; NETWORK is not supported. */
    public static Algorithm parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "TAILDROP" -> TAILDROP;
            case "RED" -> RED;
            case "SBT", "HISTORY" -> SBT;
            case "FEEDBACK" -> FEEDBACK;
            case "NETWORK" -> throw new IllegalArgumentException("the NETWORK algorithm is not supported");
            default -> throw new IllegalArgumentException("unknown ratelimit algorithm '" + name
                    + "' (TAILDROP, RED, SBT or FEEDBACK)");
        };
    }
}
