package io.sipcluster.dialog;

/** A dialog's state, with OpenSIPS's numbers (they travel in {@code dialog-dlg-repl} packets). */
public enum DialogState {
    UNCONFIRMED(1), EARLY(2), CONFIRMED_NA(3), CONFIRMED(4), DELETED(5);

    private final int code;

    DialogState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state for a wire code; an unknown code is refused (the packet is malformed). */
    public static DialogState of(int code) {
        for (DialogState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown dialog state " + code);
    }

    public boolean isConfirmed() {
        return this == CONFIRMED_NA || this == CONFIRMED;
    }
}
