package io.sipcluster.core.topology;

import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.InternalMessage.NodeInfo;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the entries of a FULL_TOP_UPDATE over as many packets as its size needs. A full mesh of 128 nodes takes
 * about 70 KB, more than one BIN packet holds; each part starts with the sender's own entry, which receivers treat
 * as the sender's own words, and is numbered in sequence, so OpenSIPS nodes apply the parts as they would one
 * update (every entry is applied on its own).
 */
public final class TopologyPackets {
    private TopologyPackets() {}

    /** Header, front header, seq, timestamp, count, and room for a full flooding path. */
    static final int OVERHEAD = 16 + 18 + 8 + 12 + 4 * (1 + WireLimits.MAX_PATH);

    /** The entry lists of the packets to send, each led by {@code own}, none larger than {@code maxBytes}. */
    public static List<List<TopologyEntry>> split(TopologyEntry own, List<TopologyEntry> others, int maxBytes) {
        List<List<TopologyEntry>> parts = new ArrayList<>();
        List<TopologyEntry> entries = new ArrayList<>();
        entries.add(own);
        int size = OVERHEAD + entrySize(own);
        for (TopologyEntry e : others) {
            if (entries.size() > 1 && size + entrySize(e) > maxBytes) {
                parts.add(entries);
                entries = new ArrayList<>();
                entries.add(own);
                size = OVERHEAD + entrySize(own);
            }
            entries.add(e);
            size += entrySize(e);
        }
        parts.add(entries);
        return parts;
    }

    static int entrySize(TopologyEntry e) {
        int size = 4 * 5 + 4 * e.neighbours().size();
        NodeInfo d = e.description();
        if (d != null) {
            size += 2 + d.url().length() + 2 + d.sipAddr().length() + 8;
        }
        return size;
    }
}
