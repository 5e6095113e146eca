package io.sipcluster.usrloc.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.Outcome;
import io.sipcluster.usrloc.UsrlocLimits;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocationServiceTest {
    private static final ContactMatch BY_URI = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
    private final AtomicLong now = new AtomicLong(1_700_000_000L);
    private final List<UsrlocMessage> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<Str> changed = Collections.synchronizedList(new ArrayList<>());
    private final LocationService service = new LocationService(new LocationTable("location", UsrlocLimits.DEFAULTS),
            now::get, sent::addAll);

    {
        service.addObserver(changed::add);
    }

    private Binding binding(String uri, String callid, int cseq) {
        return Binding.of(uri, callid, cseq, now.get() + 600, 1000, now.get());
    }

    @Test
    void localChangesAreReplicatedInOrderAndTheirAorMarkedChanged() {
        Str alice = Str.of("alice@example.com");
        service.register(alice, binding("sip:a@10.0.0.1", "c1", 1), BY_URI);
        service.register(alice, binding("sip:a@10.0.0.1", "c1", 2), BY_URI);
        service.remove(alice, Str.of("sip:a@10.0.0.1"), Str.of("c1"), 3, BY_URI);
        assertThat(sent).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("AorInsert", "ContactInsert", "ContactUpdate", "ContactDelete");
        assertThat(changed).containsExactly(alice, alice, alice);
        assertThat(service.counters().counts(UsrlocCounters.Cause.LOCAL))
                .containsEntry(Outcome.INSERTED, 1L).containsEntry(Outcome.UPDATED, 1L).containsEntry(Outcome.REMOVED, 1L);
    }

    @Test
    void recordsFromAnotherTableAndUnreadableSyncChunksAreCountedAndIgnored() {
        LocationService other = new LocationService(new LocationTable("location2", UsrlocLimits.DEFAULTS), now::get,
                records -> sent.addAll(records));
        other.register(Str.of("bob@example.com"), binding("sip:b@10.0.0.2", "c9", 1), BY_URI);
        for (UsrlocMessage m : new ArrayList<>(sent)) {
            assertThat(service.applyReplicated(m)).isEqualTo(Outcome.NO_CHANGE);
        }
        Iterator<Str> chunks = other.syncChunks();
        while (chunks.hasNext()) {
            assertThat(service.applySyncChunk(chunks.next())).isEqualTo(Outcome.NO_CHANGE);
        }
        assertThat(service.applySyncChunk(Str.of("garbage"))).isEqualTo(Outcome.NO_CHANGE);
        assertThat(service.contactCount()).isZero();
        assertThat(service.counters().otherDomain()).isEqualTo(4);
        assertThat(service.counters().badSyncChunks()).isEqualTo(1);
        assertThat(changed).isEmpty();
    }

    @Test
    void syncChunksOfOneServiceRebuildAnotherAndMarkEveryAor() {
        for (int i = 0; i < 50; i++) {
            service.register(Str.of("u" + i + "@example.com"), binding("sip:u" + i + "@10.0.0.1", "c" + i, 1), BY_URI);
        }
        List<Str> marked = new ArrayList<>();
        LocationService copy = new LocationService(new LocationTable("location", UsrlocLimits.DEFAULTS), now::get,
                LocationService.ReplicationSink.NONE);
        copy.addObserver(marked::add);
        for (Iterator<Str> it = service.syncChunks(); it.hasNext(); ) {
            copy.applySyncChunk(it.next());
        }
        assertThat(copy.dump(1000)).isEqualTo(service.dump(1000));
        assertThat(new java.util.HashSet<>(marked)).hasSize(50);
    }

    @Test
    void concurrentRegistrarThreadsAndReplicatedApplyLeaveOneConsistentTable() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    Str aor = Str.of("t" + id + "-" + (i % 500) + "@example.com");
                    service.register(aor, binding("sip:x" + i + "@10.0.0." + id, "c" + id + "-" + i, 1), BY_URI);
                    if (i % 7 == 0) {
                        service.lookup(aor);
                        service.expire();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(service.contactCount()).isEqualTo(8_000);
        // every record went out once, in an order another table can apply
        LocationService replica = new LocationService(new LocationTable("location", UsrlocLimits.DEFAULTS),
                now::get, LocationService.ReplicationSink.NONE);
        for (UsrlocMessage m : sent) {
            replica.applyReplicated(m);
        }
        assertThat(replica.dump(10_000)).isEqualTo(service.dump(10_000));
    }

    @Test
    void expiryInSlicesRemovesEveryExpiredBindingAndKeepsTheRest() {
        for (int i = 0; i < 2_500; i++) {
            long expires = i % 2 == 0 ? now.get() + 10 : now.get() + 1_000;
            service.register(Str.of("e" + i + "@example.com"), Binding.of("sip:e" + i + "@10.0.0.1", "c" + i, 1,
                    expires, 1000, now.get()), BY_URI);
        }
        changed.clear();
        assertThat(service.expire()).isEmpty();
        now.addAndGet(10);
        assertThat(service.expire()).hasSize(1_250);
        assertThat(service.contactCount()).isEqualTo(1_250);
        assertThat(service.aorCount()).isEqualTo(1_250);
        assertThat(changed).hasSize(1_250);
        assertThat(service.counters().expired()).isEqualTo(1_250);
    }
}
