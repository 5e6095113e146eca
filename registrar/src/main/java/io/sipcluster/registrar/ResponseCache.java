package io.sipcluster.registrar;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last answers, by transaction (top Via branch and sent-by, Call-ID, CSeq), for 32 seconds (64*T1, how long a
 * UDP client retransmits a non-INVITE request): a retransmitted request gets the same bytes again instead of being
 * processed a second time, which the CSeq ordering check would refuse. Bounded; the oldest entries go first.
 */
final class ResponseCache {
    static final long LIFETIME_MILLIS = 32_000;

    private record Entry(Answer answer, long expiresAtMillis) {}

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, false);

    ResponseCache(int capacity) {
        this.capacity = capacity;
    }

    synchronized Answer get(String key, long nowMillis) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAtMillis <= nowMillis) {
            entries.remove(key);
            return null;
        }
        return e.answer;
    }

    synchronized void put(String key, Answer answer, long nowMillis) {
        entries.put(key, new Entry(answer, nowMillis + LIFETIME_MILLIS));
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> oldest = it.next();
            if (entries.size() > capacity || oldest.getValue().expiresAtMillis <= nowMillis) {
                it.remove();
            } else {
                break;
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
