package io.sipcluster.usrloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorDelete;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactDelete;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactUpdate;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocationTableTest {
    static final Str ALICE = Str.of("sip:alice@example.com");
    static final Str BOB = Str.of("sip:bob@example.com");
    static final ContactMatch BY_CALLID = ContactMatch.BY_CALLID;
    static final long T = 1_700_000_000L;

    static LocationTable table() {
        return new LocationTable("location", UsrlocLimits.DEFAULTS);
    }

    static Binding b(String uri, String callid, int cseq, long expires, int q, long lastModified) {
        return Binding.of(uri, callid, cseq, expires, q, lastModified);
    }

    /** Sends every record through the real BIN codec, as a whole packet. */
    static UsrlocMessage wire(UsrlocMessage m) throws Exception {
        byte[] bytes = BinCodec.encode(new UsrlocPacket(m, Trailer.UNADDRESSED));
        return ((UsrlocPacket) BinCodec.decode(bytes)).message();
    }

    static void replicate(Change c, LocationTable to, long now) throws Exception {
        for (UsrlocMessage m : c.replicate()) {
            to.apply(wire(m), now);
        }
    }

    static void sync(LocationTable from, LocationTable to, long now) throws Exception {
        for (Iterator<Str> it = from.syncChunks(now); it.hasNext(); ) {
            to.applySyncChunk(it.next(), now);
        }
    }

    // ------------------------------------------------------------------ local operations

    @Test
    void aFirstRegistrationCreatesTheAorAndReplicatesAorThenContactInsert() {
        LocationTable t = table();
        Change c = t.register(ALICE, b("sip:a@10.0.0.1", "c1", 1, T + 3600, 1000, T), BY_CALLID, T);
        assertThat(c.outcome()).isEqualTo(Outcome.INSERTED);
        assertThat(c.replicate()).hasSize(2);
        assertThat(c.replicate().get(0)).isInstanceOf(AorInsert.class);
        ContactInsert ci = (ContactInsert) c.replicate().get(1);
        assertThat(ci.contact().aor()).isEqualTo(ALICE);
        assertThat(ci.contact().cseq()).isEqualTo(1);
        assertThat(ci.contact().expires()).isEqualTo(T + 3600);
        assertThat(t.lookup(ALICE, T)).extracting(Binding::contactUri).containsExactly(Str.of("sip:a@10.0.0.1"));

        Change second = t.register(ALICE, b("sip:a2@10.0.0.2", "c2", 1, T + 3600, 1000, T), BY_CALLID, T);
        assertThat(second.replicate()).singleElement().isInstanceOf(ContactInsert.class);
        assertThat(t.contactCount()).isEqualTo(2);
        assertThat(t.aorCount()).isEqualTo(1);
    }

    @Test
    void aRefreshWithAHigherCseqUpdatesAndReplicatesAContactUpdate() {
        LocationTable t = table();
        t.register(ALICE, b("sip:a@h", "c1", 1, T + 60, 1000, T), BY_CALLID, T);
        Change c = t.register(ALICE, b("sip:a@h", "c1", 2, T + 120, 1000, T + 30), BY_CALLID, T + 30);
        assertThat(c.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(c.replicate()).singleElement().isInstanceOf(ContactUpdate.class);
        assertThat(t.lookup(ALICE, T + 100)).singleElement().satisfies(x -> assertThat(x.cseq()).isEqualTo(2));
    }

    @Test
    void cseqRulesRetransmissionOlderAndOtherCallId() {
        LocationTable t = table();
        t.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T), BY_CALLID, T);
        // get_ucontact: equal CSeq within cseq_delay (20 s) = retransmission, later = older, lower = older
        assertThat(t.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T + 1), BY_CALLID, T + 1).outcome())
                .isEqualTo(Outcome.IGNORED_RETRANSMISSION);
        assertThat(t.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T + 20), BY_CALLID, T + 20).outcome())
                .isEqualTo(Outcome.IGNORED_OLDER);
        assertThat(t.register(ALICE, b("sip:a@h", "c1", 4, T + 600, 1000, T + 1), BY_CALLID, T + 1).outcome())
                .isEqualTo(Outcome.IGNORED_OLDER);
        // another Call-ID is another binding in CONTACT_CALLID mode
        assertThat(t.register(ALICE, b("sip:a@h", "c2", 1, T + 600, 1000, T + 1), BY_CALLID, T + 1).outcome())
                .isEqualTo(Outcome.INSERTED);
        assertThat(t.contactCount()).isEqualTo(2);
    }

    @Test
    void contactOnlyMatchingLetsAnotherCallIdOverwrite() {
        LocationTable t = new LocationTable("location", UsrlocLimits.DEFAULTS, ContactMatch.CONTACT_ONLY);
        t.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T), ContactMatch.UNSET, T);
        Change c = t.register(ALICE, b("sip:a@h", "c2", 1, T + 600, 1000, T + 1), ContactMatch.UNSET, T + 1);
        assertThat(c.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(t.lookup(ALICE, T + 1)).singleElement().satisfies(x -> assertThat(x.callid()).isEqualTo(Str.of("c2")));
    }

    @Test
    void paramsMatchingComparesOnlyTheListedParameters() {
        LocationTable t = table();
        ContactMatch rinstance = new ContactMatch(ContactMatch.PARAMS, List.of(Str.of("rinstance")));
        t.register(ALICE, b("sip:a@1.1.1.1;rinstance=x1", "c1", 1, T + 600, 1000, T), rinstance, T);
        assertThat(t.register(ALICE, b("sip:a@2.2.2.2;rinstance=x1", "c9", 1, T + 600, 1000, T + 1), rinstance, T + 1)
                .outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(t.register(ALICE, b("sip:a@2.2.2.2;rinstance=x2", "c9", 2, T + 600, 1000, T + 1), rinstance, T + 1)
                .outcome()).isEqualTo(Outcome.INSERTED);
        assertThat(ContactMatcher.param("<sip:a@h;Transport=tcp;lr>;expires=3", "transport")).isEqualTo("tcp");
        assertThat(ContactMatcher.param("sip:a@h;lr?x=1;y", "lr")).isEqualTo("");
        assertThat(ContactMatcher.param("sip:a@h;lr?x=1;y", "y")).isNull();
    }

    @Test
    void theSameInstanceAndRegIdReplacesTheOldFlow() throws Exception {
        LocationTable t = table();
        LocationTable peer = table();
        replicate(t.register(ALICE, b("sip:a@1.1.1.1", "c1", 1, T + 600, 1000, T).withInstance("<urn:uuid:1>", 1),
                BY_CALLID, T), peer, T);
        replicate(t.register(ALICE, b("sip:a@1.1.1.1", "c2", 1, T + 600, 1000, T).withInstance("<urn:uuid:1>", 2),
                BY_CALLID, T), peer, T);
        // the device reboots: new address, new Call-ID, same instance and reg-id 1
        Change c = t.register(ALICE, b("sip:a@9.9.9.9", "c7", 1, T + 600, 1000, T + 5).withInstance("<urn:uuid:1>", 1),
                BY_CALLID, T + 5);
        assertThat(c.outcome()).isEqualTo(Outcome.INSERTED);
        assertThat(c.replicate()).hasSize(2);
        assertThat(c.replicate().get(0)).isInstanceOf(ContactDelete.class);
        assertThat(c.replicate().get(1)).isInstanceOf(ContactInsert.class);
        replicate(c, peer, T + 5);
        assertThat(t.lookup(ALICE, T + 5)).extracting(Binding::contactUri, Binding::regId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Str.of("sip:a@9.9.9.9"), 1),
                        org.assertj.core.groups.Tuple.tuple(Str.of("sip:a@1.1.1.1"), 2));
        assertThat(peer.snapshot()).isEqualTo(t.snapshot()); // reg-id travels in the contact's kv store
    }

    @Test
    void lookupOrdersByQThenMostRecentAndSkipsExpired() {
        LocationTable t = table();
        t.register(ALICE, b("sip:low@h", "c1", 1, T + 600, 100, T + 3), BY_CALLID, T + 3);
        t.register(ALICE, b("sip:old@h", "c2", 1, T + 600, 1000, T + 1), BY_CALLID, T + 3);
        t.register(ALICE, b("sip:new@h", "c3", 1, T + 600, 1000, T + 2), BY_CALLID, T + 3);
        t.register(ALICE, b("sip:unset@h", "c4", 1, T + 600, -1, T + 3), BY_CALLID, T + 3);
        t.register(ALICE, b("sip:short@h", "c5", 1, T + 10, 1000, T + 3), BY_CALLID, T + 3);
        assertThat(t.lookup(ALICE, T + 10)).extracting(x -> x.contactUri().toString())
                .containsExactly("sip:new@h", "sip:old@h", "sip:low@h", "sip:unset@h");
        assertThat(t.lookup(BOB, T)).isEmpty();
    }

    @Test
    void theExpirySweepRemovesLocallyAndReplicatesNothing() {
        LocationTable t = table();
        t.register(ALICE, b("sip:a@h", "c1", 1, T + 10, 1000, T), BY_CALLID, T);
        t.register(BOB, b("sip:b@h", "c1", 1, T + 20, 1000, T), BY_CALLID, T);
        t.register(BOB, b("sip:b2@h", "c1", 1, 0, 1000, T), BY_CALLID, T); // never expires
        assertThat(t.expire(T + 9)).isEmpty();
        assertThat(t.expire(T + 20)).extracting(LocationTable.Expired::aor).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(t.aorCount()).isEqualTo(1);
        assertThat(t.contactCount()).isEqualTo(1);
        assertThatThrownBy(() -> t.register(ALICE, b("sip:a@h", "c1", 2, T + 5, 1000, T), BY_CALLID, T + 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsRefuseClearlyLocallyAndRemotely() throws Exception {
        LocationTable t = new LocationTable("location", new UsrlocLimits(2, 3, 10, 3600, 20));
        assertThat(t.register(ALICE, b("sip:1@h", "c", 1, 0, 1000, T), BY_CALLID, T).outcome()).isEqualTo(Outcome.INSERTED);
        assertThat(t.register(ALICE, b("sip:2@h", "c", 1, 0, 1000, T), BY_CALLID, T).outcome()).isEqualTo(Outcome.INSERTED);
        Change full = t.register(ALICE, b("sip:3@h", "c", 1, 0, 1000, T), BY_CALLID, T);
        assertThat(full.outcome()).isEqualTo(Outcome.REFUSED_AOR_FULL);
        assertThat(full.replicate()).isEmpty();
        // refreshing an existing binding is still allowed
        assertThat(t.register(ALICE, b("sip:2@h", "c", 2, 0, 1000, T), BY_CALLID, T).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(t.register(BOB, b("sip:1@h", "c", 1, 0, 1000, T), BY_CALLID, T).outcome()).isEqualTo(Outcome.INSERTED);
        Change tableFull = t.register(Str.of("sip:carol@h"), b("sip:1@h", "c", 1, 0, 1000, T), BY_CALLID, T);
        assertThat(tableFull.outcome()).isEqualTo(Outcome.REFUSED_TABLE_FULL);
        assertThat(t.aorCount()).isEqualTo(2);

        LocationTable other = table();
        Change c = other.register(BOB, b("sip:9@h", "c", 1, 0, 1000, T), BY_CALLID, T);
        assertThat(t.apply(wire(c.replicate().get(1)), T)).isEqualTo(Outcome.REFUSED_TABLE_FULL);
        t.remove(BOB, Str.of("sip:1@h"), Str.of("c"), 1, BY_CALLID, T);
        Change d = other.register(ALICE, b("sip:9@h", "c", 1, 0, 1000, T), BY_CALLID, T);
        assertThat(t.apply(wire(d.replicate().get(1)), T)).isEqualTo(Outcome.REFUSED_AOR_FULL);
    }

    @Test
    void removeReplicatesADeleteAndAnOlderRemoveIsRefused() {
        LocationTable t = table();
        t.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T), BY_CALLID, T);
        assertThat(t.remove(ALICE, Str.of("sip:a@h"), Str.of("c1"), 4, BY_CALLID, T).outcome())
                .isEqualTo(Outcome.IGNORED_OLDER);
        Change c = t.remove(ALICE, Str.of("sip:a@h"), Str.of("c1"), 6, BY_CALLID, T);
        assertThat(c.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(c.replicate()).singleElement().isEqualTo(
                new ContactDelete(Str.of("location"), ALICE, Str.of("sip:a@h"), Str.of("c1"), 6, BY_CALLID));
        assertThat(t.aorCount()).isZero();
        assertThat(t.remove(ALICE, Str.of("sip:a@h"), Str.of("c1"), 7, BY_CALLID, T).outcome())
                .isEqualTo(Outcome.NO_CHANGE);
        // a reordered REGISTER of the same call that the de-REGISTER superseded does not come back
        assertThat(t.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T), BY_CALLID, T).outcome())
                .isEqualTo(Outcome.IGNORED_DELETED);
        assertThat(t.register(ALICE, b("sip:a@h", "c1", 7, T + 600, 1000, T), BY_CALLID, T).outcome())
                .isEqualTo(Outcome.INSERTED);
    }

    @Test
    void removeAorReplicatesAnAorDelete() throws Exception {
        LocationTable t = table();
        LocationTable peer = table();
        replicate(t.register(ALICE, b("sip:a@h", "c1", 1, 0, 1000, T), BY_CALLID, T), peer, T);
        replicate(t.register(ALICE, b("sip:b@h", "c1", 1, 0, 1000, T), BY_CALLID, T), peer, T);
        Change c = t.removeAor(ALICE, T);
        assertThat(c.replicate()).singleElement().isEqualTo(new AorDelete(Str.of("location"), ALICE));
        assertThat(peer.apply(wire(c.replicate().get(0)), T)).isEqualTo(Outcome.REMOVED);
        assertThat(peer.contactCount()).isZero();
        assertThat(peer.apply(wire(c.replicate().get(0)), T)).isEqualTo(Outcome.NO_CHANGE);
        assertThat(t.removeAor(ALICE, T).outcome()).isEqualTo(Outcome.NO_CHANGE);
    }

    // ------------------------------------------------------------------ replicated records

    @Test
    void replicatedRecordsBuildTheSameTableThroughTheCodec() throws Exception {
        LocationTable a = table();
        LocationTable b = table();
        replicate(a.register(ALICE, b("sip:a@h", "c1", 1, T + 600, 500, T).withPath("<sip:edge;lr>"), BY_CALLID, T), b, T);
        replicate(a.register(ALICE, b("sip:a@h", "c1", 2, T + 900, 700, T + 1), BY_CALLID, T + 1), b, T + 1);
        replicate(a.register(BOB, b("sip:b@h", "x", 1, 0, -1, T + 1), BY_CALLID, T + 1), b, T + 1);
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
        // retransmitted packets change nothing
        Change again = a.register(ALICE, b("sip:a@h", "c1", 3, T + 900, 700, T + 2), BY_CALLID, T + 2);
        replicate(again, b, T + 2);
        assertThat(b.apply(wire(again.replicate().get(0)), T + 2)).isEqualTo(Outcome.UPDATED); // update: cseq+1 rule
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
    }

    @Test
    void remoteInsertRulesFollowGetUcontact() throws Exception {
        LocationTable a = table();
        LocationTable b = table();
        Change first = a.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T), BY_CALLID, T);
        replicate(first, b, T);
        ContactInsert insert = (ContactInsert) first.replicate().get(1);
        assertThat(b.apply(wire(first.replicate().get(0)), T)).isEqualTo(Outcome.NO_CHANGE); // AoR exists
        assertThat(b.apply(wire(insert), T + 1)).isEqualTo(Outcome.IGNORED_RETRANSMISSION);
        assertThat(b.apply(wire(insert), T + 30)).isEqualTo(Outcome.IGNORED_OLDER);
        // an update with an equal CSeq is applied (receive_ucontact_update looks up with cseq + 1)
        assertThat(b.apply(wire(new ContactUpdate(insert.contact())), T + 30)).isEqualTo(Outcome.UPDATED);
        // an older update arriving after a newer one is ignored
        Change newer = a.register(ALICE, b("sip:a@h", "c1", 7, T + 700, 1000, T + 2), BY_CALLID, T + 2);
        Change older = a.register(ALICE, b("sip:a@h", "c1", 6, T + 650, 1000, T + 2), BY_CALLID, T + 2);
        assertThat(older.outcome()).isEqualTo(Outcome.IGNORED_OLDER);
        replicate(newer, b, T + 2);
        // cseq 6 + 1 equals the stored 7: OpenSIPS's -2 (retransmission) applies to the update too
        assertThat(b.apply(wire(new ContactUpdate(withCseq(insert, 6))), T + 2))
                .isEqualTo(Outcome.IGNORED_RETRANSMISSION);
        assertThat(b.apply(wire(new ContactUpdate(withCseq(insert, 5))), T + 2)).isEqualTo(Outcome.IGNORED_OLDER);
        assertThat(b.lookup(ALICE, T + 2)).singleElement().satisfies(x -> assertThat(x.cseq()).isEqualTo(7));
        // a contact insert into a missing AoR creates it
        LocationTable c = table();
        assertThat(c.apply(wire(insert), T)).isEqualTo(Outcome.INSERTED);
        assertThat(c.aorCount()).isEqualTo(1);
        // an already expired record is not stored
        assertThat(table().apply(wire(insert), T + 600)).isEqualTo(Outcome.NO_CHANGE);
    }

    static io.sipcluster.wire.usrloc.ContactData withCseq(ContactInsert i, int cseq) {
        var c = i.contact();
        return new io.sipcluster.wire.usrloc.ContactData(c.domain(), c.aor(), c.contactUri(), c.contactId(), c.callid(),
                c.userAgent(), c.path(), c.attr(), c.received(), c.instance(), c.expires(), c.q(), c.socket(), cseq,
                c.flags(), c.cflags(), c.methods(), c.lastModified(), c.kvStoreJson(), c.cmatch());
    }

    @Test
    void aRemoteDeleteOlderThanTheContactIsIgnored() throws Exception {
        LocationTable a = table();
        LocationTable b = table();
        replicate(a.register(ALICE, b("sip:a@h", "c1", 5, T + 600, 1000, T), BY_CALLID, T), b, T);
        var del = new ContactDelete(Str.of("location"), ALICE, Str.of("sip:a@h"), Str.of("c1"), 4, BY_CALLID);
        assertThat(b.apply(wire(del), T)).isEqualTo(Outcome.IGNORED_OLDER); // "DEL too old"
        var delEqual = new ContactDelete(Str.of("location"), ALICE, Str.of("sip:a@h"), Str.of("c1"), 5, BY_CALLID);
        assertThat(b.apply(wire(delEqual), T)).isEqualTo(Outcome.REMOVED); // cseq + 1 rule
        assertThat(b.apply(wire(delEqual), T)).isEqualTo(Outcome.NO_CHANGE); // already deleted
    }

    @Test
    void aDeleteThatArrivesBeforeItsInsertIsNotLost() throws Exception {
        LocationTable a = table();
        LocationTable b = table();
        Change ins = a.register(ALICE, b("sip:a@h", "c1", 1, T + 600, 1000, T), BY_CALLID, T);
        Change upd = a.register(ALICE, b("sip:a@h", "c1", 2, T + 600, 1000, T), BY_CALLID, T);
        Change del = a.remove(ALICE, Str.of("sip:a@h"), Str.of("c1"), 3, BY_CALLID, T);
        // b receives them in reverse order
        replicate(del, b, T);
        assertThat(b.tombstoneCount()).isEqualTo(1);
        assertThat(b.apply(wire(upd.replicate().get(0)), T)).isEqualTo(Outcome.IGNORED_DELETED);
        assertThat(b.apply(wire(ins.replicate().get(0)), T)).isEqualTo(Outcome.AOR_CREATED);
        assertThat(b.apply(wire(ins.replicate().get(1)), T)).isEqualTo(Outcome.IGNORED_DELETED);
        assertThat(b.contactCount()).isZero();
        // a later REGISTER of the same call (higher CSeq) is a new binding again
        Change again = a.register(ALICE, b("sip:a@h", "c1", 4, T + 600, 1000, T + 1), BY_CALLID, T + 1);
        replicate(again, b, T + 1);
        assertThat(b.snapshot().get(ALICE)).isEqualTo(a.snapshot().get(ALICE));
    }

    @Test
    void tombstonesExpireAndAreBounded() throws Exception {
        LocationTable t = new LocationTable("location", new UsrlocLimits(8, 100, 3, 60, 20));
        for (int i = 0; i < 5; i++) {
            t.apply(new ContactDelete(Str.of("location"), ALICE, Str.of("sip:" + i + "@h"), Str.of("c"), 9, BY_CALLID), T);
        }
        assertThat(t.tombstoneCount()).isEqualTo(3);
        // the oldest were forgotten: their insert is accepted; the newest is still refused
        LocationTable src = table();
        Change c0 = src.register(ALICE, b("sip:0@h", "c", 1, T + 600, 1000, T), BY_CALLID, T);
        Change c4 = src.register(ALICE, b("sip:4@h", "c", 1, T + 600, 1000, T), BY_CALLID, T);
        assertThat(t.apply(wire(c0.replicate().get(1)), T)).isEqualTo(Outcome.INSERTED);
        assertThat(t.apply(wire(c4.replicate().get(0)), T)).isEqualTo(Outcome.IGNORED_DELETED);
        t.expire(T + 60);
        assertThat(t.tombstoneCount()).isZero();
        assertThat(t.apply(wire(c4.replicate().get(0)), T + 60)).isEqualTo(Outcome.INSERTED);
    }

    // ------------------------------------------------------------------ sync

    @Test
    void syncCopiesTheTableThroughTheCodecAndMerges() throws Exception {
        LocationTable donor = table();
        for (int i = 0; i < 50; i++) {
            donor.register(Str.of("sip:u" + i + "@h"), b("sip:c" + i + "@h", "cid" + i, 1, T + 600, i * 10, T),
                    BY_CALLID, T);
            donor.register(Str.of("sip:u" + i + "@h"), b("sip:d" + i + "@h", "cid" + i, 1, 0, -1, T)
                    .withInstance("<urn:uuid:" + i + ">", 1), BY_CALLID, T);
        }
        LocationTable joiner = table();
        // the joiner holds a newer binding of one AoR, and one the donor does not know: both stay
        joiner.register(Str.of("sip:u3@h"), b("sip:c3@h", "cid3", 9, T + 900, 30, T + 1), BY_CALLID, T + 1);
        joiner.register(Str.of("sip:local@h"), b("sip:x@h", "x", 1, T + 900, 30, T + 1), BY_CALLID, T + 1);
        sync(donor, joiner, T + 1);
        assertThat(joiner.contactCount()).isEqualTo(101);
        assertThat(joiner.lookup(Str.of("sip:u3@h"), T + 1)).anySatisfy(x -> assertThat(x.cseq()).isEqualTo(9));
        for (int i = 0; i < 50; i++) {
            if (i != 3) {
                Str aor = Str.of("sip:u" + i + "@h");
                assertThat(joiner.snapshot().get(aor)).isEqualTo(donor.snapshot().get(aor));
            }
        }
        // syncing twice changes nothing
        var before = joiner.snapshot();
        sync(donor, joiner, T + 1);
        assertThat(joiner.snapshot()).isEqualTo(before);
    }

    @Test
    void syncDoesNotResurrectADeletedContact() throws Exception {
        LocationTable a = table();
        LocationTable donor = table();
        Change reg = a.register(ALICE, b("sip:a@h", "c1", 1, T + 600, 1000, T), BY_CALLID, T);
        replicate(reg, donor, T);
        // the delete reaches a (local) but the donor missed it
        a.remove(ALICE, Str.of("sip:a@h"), Str.of("c1"), 2, BY_CALLID, T + 1);
        sync(donor, a, T + 2);
        assertThat(a.contactCount()).isZero();
        assertThat(a.aorCount()).isEqualTo(1); // the AoR record itself comes, empty, and goes with the next sweep
        a.expire(T + 3);
        assertThat(a.aorCount()).isZero();
    }

    @Test
    void syncStreamsAorsLazilyAndSkipsWhatWentMeanwhile() {
        LocationTable t = table();
        t.register(ALICE, b("sip:a@h", "c1", 1, T + 600, 1000, T), BY_CALLID, T);
        t.register(BOB, b("sip:b@h", "c1", 1, T + 600, 1000, T), BY_CALLID, T);
        t.register(BOB, b("sip:b2@h", "c1", 1, T + 5, 1000, T), BY_CALLID, T);
        Iterator<UsrlocSyncRecord> it = t.syncRecords(T + 10);
        List<UsrlocSyncRecord> got = new ArrayList<>();
        got.add(it.next()); // ALICE's AoR record
        t.removeAor(BOB, T + 10);
        it.forEachRemaining(got::add);
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).isInstanceOf(AorInsert.class);
        assertThat(((ContactInsert) got.get(1)).contact().cmatch()).isEqualTo(BY_CALLID);
        assertThat(table().syncRecords(T).hasNext()).isFalse();
    }

    // ------------------------------------------------------------------ owner tag, reg-id and restore

    @Test
    void theOwnerTagAndRegIdTravelInTheKeyValueStoreAndSurviveSync() throws Exception {
        LocationTable a = table();
        Binding owned = b("sip:a@10.0.0.1", "c1", 1, T + 3600, 1000, T).withInstance("<urn:uuid:1>", 2)
                .withOwnerTag("vip \"1\"");
        Change c = a.register(ALICE, owned, BY_CALLID, T);
        ContactInsert insert = (ContactInsert) c.replicate().get(1);
        assertThat(insert.contact().kvStoreJson().toString()).isEqualTo("{\"reg-id\":2,\"_st\":\"vip \\\"1\\\"\"}");

        LocationTable replica = table();
        replicate(c, replica, T);
        LocationTable synced = table();
        sync(a, synced, T);
        for (LocationTable t : List.of(replica, synced)) {
            Binding got = t.lookup(ALICE, T).get(0);
            assertThat(got.ownerTag()).isEqualTo(Str.of("vip \"1\""));
            assertThat(got.regId()).isEqualTo(2);
        }
    }

    @Test
    void anUnreadableKeyValueStoreFromThePeerMeansNoTagNotARejectedContact() {
        assertThat(ContactKeyValues.decode(Str.of("{\"reg-id\":\"x\",\"_st\":12}")))
                .isEqualTo(new ContactKeyValues(0, Str.EMPTY));
        assertThat(ContactKeyValues.decode(Str.of("{\"_st\":\"unterminated")).ownerTag()).isEqualTo(Str.EMPTY);
        assertThat(ContactKeyValues.decode(Str.of("{ \"reg-id\" : 7 , \"other\":{} }")).regId()).isEqualTo(7);
    }

    @Test
    void restoredBindingsAreLiveButProduceNothingToReplicateAndExpiredOnesAreSkipped() {
        LocationTable t = table();
        assertThat(t.restore(ALICE, b("sip:a@10.0.0.1", "c1", 5, T + 60, 1000, T - 10), T))
                .isEqualTo(Outcome.INSERTED);
        assertThat(t.restore(ALICE, b("sip:b@10.0.0.2", "c2", 1, T + 60, 500, T - 10), T))
                .isEqualTo(Outcome.INSERTED);
        assertThat(t.restore(BOB, b("sip:b@10.0.0.3", "c3", 1, T - 1, 500, T - 100), T))
                .isEqualTo(Outcome.NO_CHANGE);
        assertThat(t.lookup(ALICE, T)).hasSize(2);
        assertThat(t.aorCount()).isEqualTo(1);
        // a REGISTER after the restart refreshes the restored binding (same Call-ID, higher CSeq) instead of adding
        Change refresh = t.register(ALICE, b("sip:a@10.0.0.1", "c1", 6, T + 120, 1000, T), BY_CALLID, T);
        assertThat(refresh.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(t.contactCount()).isEqualTo(2);
    }

    @Test
    void aSyncRecordOfAContactReRegisteredUnderAnotherCallIdDoesNotListItTwiceInAUriKeyedTable() throws Exception {
        ContactMatch byUri = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
        LocationTable donor = new LocationTable("location", UsrlocLimits.DEFAULTS, ContactMatch.CONTACT_ONLY);
        LocationTable replica = new LocationTable("location", UsrlocLimits.DEFAULTS, ContactMatch.CONTACT_ONLY);
        replicate(donor.register(ALICE, b("sip:a@10.0.0.1", "first", 1, T + 3600, 1000, T), byUri, T), replica, T);
        // the phone registers again under a new Call-ID; the replica gets it by a sync, not the live update
        donor.register(ALICE, b("sip:a@10.0.0.1", "second", 1, T + 600, 1000, T + 5), byUri, T + 5);
        sync(donor, replica, T + 5);
        assertThat(replica.lookup(ALICE, T + 5)).extracting(Binding::callid).containsExactly(Str.of("second"));
        // a stale sync (a donor that missed the re-registration) does not bring the old one back
        LocationTable stale = new LocationTable("location", UsrlocLimits.DEFAULTS, ContactMatch.CONTACT_ONLY);
        stale.register(ALICE, b("sip:a@10.0.0.1", "first", 1, T + 3600, 1000, T), byUri, T);
        sync(stale, replica, T + 6);
        assertThat(replica.lookup(ALICE, T + 6)).extracting(Binding::callid).containsExactly(Str.of("second"));
        assertThat(replica.contactCount()).isEqualTo(1);
    }
}
