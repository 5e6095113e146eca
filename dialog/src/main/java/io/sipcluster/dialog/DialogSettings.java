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
 */
public record DialogSettings(int nodeId, long defaultTimeout, String sharingTag, int maxDialogs,
                             List<ProfileLimit> limits, long handoverMillis) {
    public DialogSettings {
        limits = List.copyOf(limits);
        sharingTag = sharingTag == null ? "" : sharingTag;
        if (defaultTimeout < 1 || maxDialogs < 1 || handoverMillis < 0) {
            throw new IllegalArgumentException("default_timeout and max_dialogs must be positive");
        }
    }
}
