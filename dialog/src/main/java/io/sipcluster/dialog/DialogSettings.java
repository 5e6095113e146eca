package io.sipcluster.dialog;

import java.util.List;

/**
 * How this node keeps dialogs.
 *
 * @param nodeId          written into CDRs
 * @param defaultTimeout  seconds a confirmed call may last before it is ended with BYEs (OpenSIPS default_timeout)
 * @param sharingTag      the tag set on every dialog created here ({@code ""}: none, every node acts on it)
 * @param maxDialogs      refuse new calls (503) beyond this many dialogs
 * @param limits          the profiles new calls join and their limits
 * @param handoverMillis  how long a backup keeps the CDR of a call the active node reported ended, to write it
 *                        itself if it becomes active meanwhile (the active node may have died before writing it)
 * @param pingIntervalMillis how often the acting node sends an in-dialog OPTIONS to each party of a confirmed call
 *                        (0: never); a party that does not answer (408) or no longer knows the call (481) ends it
 */
public record DialogSettings(int nodeId, long defaultTimeout, String sharingTag, int maxDialogs,
                             List<ProfileLimit> limits, long handoverMillis, long pingIntervalMillis) {
    /** Without in-dialog pings. */
    public DialogSettings(int nodeId, long defaultTimeout, String sharingTag, int maxDialogs, List<ProfileLimit> limits,
                          long handoverMillis) {
        this(nodeId, defaultTimeout, sharingTag, maxDialogs, limits, handoverMillis, 0);
    }

    public DialogSettings {
        limits = List.copyOf(limits);
        sharingTag = sharingTag == null ? "" : sharingTag;
        if (defaultTimeout < 1 || maxDialogs < 1 || handoverMillis < 0 || pingIntervalMillis < 0) {
            throw new IllegalArgumentException("default_timeout and max_dialogs must be positive");
        }
    }
}
