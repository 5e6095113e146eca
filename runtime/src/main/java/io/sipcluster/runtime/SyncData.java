package io.sipcluster.runtime;

import io.sipcluster.wire.Str;
import java.util.Collections;
import java.util.Iterator;

/**
 * What a donor streams when another node asks it for a capability's data: every record, each already encoded
 * in the module's own BIN format, and the data version of that format. The iterator is consumed on the loop
 * thread, right away; the records are packed into SYNC packets of about 32 KB, followed by SYNC_END.
 */
public record SyncData(int dataVersion, Iterator<Str> records) {
    public SyncData {
        if (records == null) {
            throw new IllegalArgumentException("sync data needs an iterator (an empty one for no records)");
        }
    }

    /** No records: the requester is synced with an empty dataset. */
    public static SyncData empty(int dataVersion) {
        return new SyncData(dataVersion, Collections.emptyIterator());
    }
}
