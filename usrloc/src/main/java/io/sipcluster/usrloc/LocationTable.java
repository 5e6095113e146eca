package io.sipcluster.usrloc;

import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactData;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorDelete;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactDelete;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactUpdate;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One usrloc table ("location"): AoR to contact bindings, replicated in OpenSIPS full-sharing mode with
 * {@code usrloc-contact-repl} v5 records. Pure and single-threaded: the caller serialises access and passes the
 * time (UNIX seconds) in.
 *
 * <p>Local operations ({@link #register}, {@link #remove}, {@link #removeAor}) return the records to broadcast.
 * Records from other nodes go to {@link #apply}, sync data to {@link #applySync}/{@link #applySyncChunk}; neither
 * produces records (no re-replication). Expiry ({@link #expire}) is local on every node and not replicated: every
 * node holds the same absolute expiry times.
 *
 * <p>Beyond OpenSIPS, removed bindings leave a tombstone (AoR, URI, Call-ID, CSeq) for
 * {@link UsrlocLimits#tombstoneSeconds()}: an insert, update or sync record for that binding with a CSeq not newer
 * than the delete's is ignored, so a delete that overtakes its insert, or a sync from a node that has not yet seen
 * the delete, does not bring the binding back. At most {@link UsrlocLimits#maxTombstones()} are kept (oldest
 * forgotten first), so this protection is best-effort under a flood of deletes.
 */
public final class LocationTable {
    private static final Comparator<Binding> LOOKUP_ORDER = Comparator.comparingInt(Binding::q).reversed()
            .thenComparing(Comparator.comparingLong(Binding::lastModified).reversed());
    private static final int CLABEL_MASK = 0x3FFF;

    private final Str domain;
    private final UsrlocLimits limits;
    private final int defaultMatchMode;
    private final Map<Str, Aor> aors = new LinkedHashMap<>();
    private final LinkedHashMap<TombKey, Tombstone> tombstones = new LinkedHashMap<>();
    private int contacts;
    private int nextLabel = 1;

    private static final class Aor {
        final Str name;
        final int label;
        int nextClabel;
        final List<Entry> entries = new ArrayList<>(2);

        Aor(Str name, int label, int nextClabel) {
            this.name = name;
            this.label = label;
            this.nextClabel = nextClabel;
        }
    }

    private record Entry(Binding binding, int clabel) {}

    private record TombKey(Str aor, Str uri, Str callid) {}

    private record Tombstone(int cseq, long until) {}

    /** A binding removed by {@link #expire}. */
    public record Expired(Str aor, Binding binding) {}

    /**
     * @param domain the table name carried in every record ("location")
     * @param defaultMatchMode what a record with {@link ContactMatch#NONE} matches by (OpenSIPS {@code matching_mode};
     *     {@link ContactMatch#CONTACT_CALLID} is its default)
     */
    public LocationTable(String domain, UsrlocLimits limits, int defaultMatchMode) {
        if (defaultMatchMode != ContactMatch.CONTACT_ONLY && defaultMatchMode != ContactMatch.CONTACT_CALLID) {
            throw new IllegalArgumentException("default match mode must be CONTACT_ONLY or CONTACT_CALLID");
        }
        this.domain = Str.of(domain);
        this.limits = Objects.requireNonNull(limits);
        this.defaultMatchMode = defaultMatchMode;
    }

    public LocationTable(String domain, UsrlocLimits limits) {
        this(domain, limits, ContactMatch.CONTACT_CALLID);
    }

    // ------------------------------------------------------------------ local operations (a registrar)

    /**
     * Inserts or refreshes a binding of {@code aor} from a REGISTER. The binding is found with {@code match}; when it
     * carries a {@code +sip.instance}, a stored binding with the same instance and reg-id but another URI or Call-ID
     * is the same flow re-registered (RFC 5626 §6, RFC 5627) and is replaced: removed (a ContactDelete) and the new
     * one inserted. The same CSeq rules as for replicated inserts apply (OpenSIPS {@code get_ucontact}).
     *
     * @throws IllegalArgumentException if the binding has already expired at {@code now} (use {@link #remove})
     */
    public Change register(Str aor, Binding b, ContactMatch match, long now) {
        if (b.expiredAt(now)) {
            throw new IllegalArgumentException("binding expires at " + b.expires() + ", not after now " + now
                    + ": remove it instead");
        }
        List<UsrlocMessage> out = new ArrayList<>(3);
        Aor a = aors.get(aor);
        int mode = mode(match);
        Entry found = a == null ? null : find(a, mode, match, b.contactUri(), b.callid());
        if (found == null && a != null && !b.instance().isEmpty()) {
            Entry flow = findFlow(a, b.instance(), b.regId());
            if (flow != null) {
                Binding old = flow.binding();
                if (old.callid().equals(b.callid()) && b.cseq() <= old.cseq()) {
                    return Change.of(b.cseq() == old.cseq() && old.lastModified() + limits.cseqDelaySeconds() > now
                            ? Outcome.IGNORED_RETRANSMISSION : Outcome.IGNORED_OLDER);
                }
                removeEntry(a, flow, old.cseq(), now);
                out.add(new ContactDelete(domain, aor, old.contactUri(), old.callid(), old.cseq(),
                        ContactMatch.BY_CALLID));
                // the AoR stays: the new binding goes into it below (it is not dropped while we hold it)
            }
        }
        if (found != null) {
            Outcome cseqCheck = cseqRule(found.binding(), mode, b.callid(), b.cseq(), now);
            if (cseqCheck != null) {
                return Change.of(cseqCheck);
            }
        }
        if (tombstoned(aor, b.contactUri(), b.callid(), b.cseq())) {
            dropIfEmpty(a);
            return new Change(out.isEmpty() ? Outcome.IGNORED_DELETED : Outcome.REMOVED, out);
        }
        if (found != null) {
            Entry e = replace(a, found, b);
            out.add(new ContactUpdate(toData(aor, a, e, match)));
            return new Change(Outcome.UPDATED, out);
        }
        Outcome refused = refusal(a);
        if (refused != null) {
            dropIfEmpty(a);
            return new Change(out.isEmpty() ? refused : Outcome.REMOVED, out);
        }
        if (a == null) {
            a = newAor(aor, nextLabel++, 1);
            out.add(new AorInsert(domain, aor, a.label, a.nextClabel, Str.EMPTY));
        }
        Entry e = add(a, b, a.nextClabel, true);
        out.add(new ContactInsert(toData(aor, a, e, match)));
        return new Change(Outcome.INSERTED, out);
    }

    /**
     * Removes one binding (a REGISTER with expires 0). OpenSIPS {@code delete_ucontact} after {@code get_ucontact}:
     * a stored binding with the same Call-ID and a higher CSeq is newer and stays.
     */
    public Change remove(Str aor, Str contactUri, Str callid, int cseq, ContactMatch match, long now) {
        Aor a = aors.get(aor);
        int mode = mode(match);
        Entry found = a == null ? null : find(a, mode, match, contactUri, callid);
        if (found == null) {
            return Change.of(Outcome.NO_CHANGE);
        }
        Binding old = found.binding();
        boolean sameCall = mode == ContactMatch.CONTACT_CALLID || old.callid().equals(callid);
        if (sameCall && cseq < old.cseq()) {
            return Change.of(Outcome.IGNORED_OLDER);
        }
        int delCseq = sameCall ? cseq : old.cseq();
        removeEntry(a, found, delCseq, now);
        dropIfEmpty(a);
        return new Change(Outcome.REMOVED, List.of(new ContactDelete(domain, aor, old.contactUri(), old.callid(),
                delCseq, ContactMatch.BY_CALLID)));
    }

    /** Removes every binding of {@code aor} (a REGISTER with {@code Contact: *}). */
    public Change removeAor(Str aor, long now) {
        Aor a = aors.get(aor);
        if (a == null) {
            return Change.of(Outcome.NO_CHANGE);
        }
        removeAll(a, now);
        return new Change(Outcome.REMOVED, List.of(new AorDelete(domain, aor)));
    }

    /**
     * Puts back a binding read from persistent storage at startup: inserted (or merged, with the rules of a
     * replicated insert) without producing records to replicate. An expired or tombstoned binding is not restored.
     */
    public Outcome restore(Str aor, Binding b, long now) {
        Aor a = aors.get(aor);
        int label = a == null ? nextLabel : a.label;
        int clabel = a == null ? 1 : a.nextClabel;
        ContactData data = new ContactData(domain, aor, b.contactUri(),
                ((long) (aor.hashCode() & 0xFFFF) << 46) | ((label & 0xFFFFFFFFL) << 14) | (clabel & CLABEL_MASK),
                b.callid(), b.userAgent(), b.path(), b.attr(), b.received(), b.instance(), b.expires(), b.q(),
                b.socket(), b.cseq(), b.flags(), b.cflags(), b.methods(), b.lastModified(),
                ContactKeyValues.encode(b.regId(), b.ownerTag()), ContactMatch.BY_CALLID);
        Outcome o = applyContact(data, false, now);
        if (a == null && o == Outcome.INSERTED) {
            nextLabel++;
        }
        return o;
    }

    /** The live bindings of {@code aor}: highest q first, then the most recently changed first. */
    public List<Binding> lookup(Str aor, long now) {
        Aor a = aors.get(aor);
        if (a == null) {
            return List.of();
        }
        List<Binding> out = new ArrayList<>(a.entries.size());
        for (Entry e : a.entries) {
            if (!e.binding().expiredAt(now)) {
                out.add(e.binding());
            }
        }
        out.sort(LOOKUP_ORDER);
        return out;
    }

    /** Removes the bindings expired at {@code now}, empty AoRs and old tombstones. Not replicated. */
    public List<Expired> expire(long now) {
        return expire(new ArrayList<>(aors.keySet()), now);
    }

    /**
     * {@link #expire} for the given AoRs only (a sweep in slices, so that a caller sharing the table never holds it
     * for a whole pass over millions of AoRs); old tombstones are dropped as well.
     */
    public List<Expired> expire(List<Str> names, long now) {
        List<Expired> gone = new ArrayList<>();
        for (Str name : names) {
            Aor a = aors.get(name);
            if (a == null) {
                continue;
            }
            for (Iterator<Entry> ei = a.entries.iterator(); ei.hasNext(); ) {
                Entry e = ei.next();
                if (e.binding().expiredAt(now)) {
                    ei.remove();
                    contacts--;
                    gone.add(new Expired(a.name, e.binding()));
                }
            }
            if (a.entries.isEmpty()) {
                aors.remove(name);
            }
        }
        while (!tombstones.isEmpty()) {
            Map.Entry<TombKey, Tombstone> oldest = tombstones.entrySet().iterator().next();
            if (oldest.getValue().until() > now) {
                break; // in insertion order, and every tombstone lives as long: the rest are younger
            }
            tombstones.remove(oldest.getKey());
        }
        return gone;
    }

    // ------------------------------------------------------------------ replicated records

    /**
     * Applies a record from another node, with OpenSIPS's rules ({@code ul_cluster.c}) plus tombstones.
     */
    public Outcome apply(UsrlocMessage m, long now) {
        if (m instanceof AorInsert ai) {
            return applyAorInsert(ai);
        } else if (m instanceof AorDelete ad) {
            // receive_urecord_delete: the AoR and all its contacts go.
            Aor a = aors.get(ad.aor());
            if (a == null) {
                return Outcome.NO_CHANGE;
            }
            removeAll(a, now);
            return Outcome.REMOVED;
        } else if (m instanceof ContactInsert ci) {
            return applyContact(ci.contact(), false, now);
        } else if (m instanceof ContactUpdate cu) {
            return applyContact(cu.contact(), true, now);
        } else if (m instanceof ContactDelete cd) {
            return applyDelete(cd, now);
        }
        throw new IllegalArgumentException("unknown usrloc record " + m);
    }

    /** Merges one sync record: an AoR as a replicated AoR insert, a contact as a replicated contact insert. */
    public Outcome applySync(UsrlocSyncRecord rec, long now) {
        return apply((UsrlocMessage) rec, now);
    }

    /** Decodes one sync chunk with the real codec and merges it. */
    public Outcome applySyncChunk(Str chunk, long now) throws MalformedPacketException {
        return applySync(UsrlocCodec.decodeSyncChunk(chunk), now);
    }

    private Outcome applyAorInsert(AorInsert ai) {
        // receive_urecord_insert: an existing AoR is kept as it is; a new one takes the sender's label.
        if (aors.containsKey(ai.aor())) {
            return Outcome.NO_CHANGE;
        }
        newAor(ai.aor(), ai.label(), ai.nextClabel());
        return Outcome.AOR_CREATED;
    }

    /**
     * receive_ucontact_insert / receive_ucontact_update. Insert looks the contact up with the record's CSeq, so an
     * equal CSeq is ignored (a retransmission within cseq_delay, else "older"); update looks it up with CSeq + 1, so
     * an equal CSeq is applied. No match: inserted. A missing AoR is created.
     */
    private Outcome applyContact(ContactData c, boolean isUpdate, long now) {
        Binding b = fromData(c);
        if (b.expiredAt(now)) {
            return Outcome.NO_CHANGE;
        }
        if (tombstoned(c.aor(), c.contactUri(), c.callid(), c.cseq())) {
            return Outcome.IGNORED_DELETED;
        }
        Aor a = aors.get(c.aor());
        int mode = mode(c.cmatch());
        Entry found = a == null ? null : find(a, mode, c.cmatch(), c.contactUri(), c.callid());
        if (found == null && a != null && mode == ContactMatch.CONTACT_CALLID
                && defaultMatchMode == ContactMatch.CONTACT_ONLY) {
            // This table keys contacts by URI (a registrar's), but the record asks for URI and Call-ID, as every
            // sync record does: a binding of the same URI under another Call-ID is the same contact registered
            // again. Inserting beside it would list the contact twice; the more recently changed one stays.
            Entry sameUri = find(a, ContactMatch.CONTACT_ONLY, c.cmatch(), c.contactUri(), c.callid());
            if (sameUri != null) {
                if (b.lastModified() < sameUri.binding().lastModified()) {
                    return Outcome.IGNORED_OLDER;
                }
                replace(a, sameUri, b);
                return Outcome.UPDATED;
            }
        }
        if (found != null) {
            Outcome check = cseqRule(found.binding(), mode, c.callid(), isUpdate ? c.cseq() + 1 : c.cseq(), now);
            if (check != null) {
                return check;
            }
            replace(a, found, b);
            return Outcome.UPDATED;
        }
        Outcome refused = refusal(a);
        if (refused != null) {
            return refused;
        }
        int clabel = (int) (c.contactId() & CLABEL_MASK);
        if (a == null) {
            a = newAor(c.aor(), (int) (c.contactId() >>> 14), clabel + 1);
        }
        add(a, b, clabel, false);
        return Outcome.INSERTED;
    }

    /**
     * receive_ucontact_delete: looked up with CSeq + 1, so a stored contact with the same Call-ID and a CSeq higher
     * than the delete's stays ("DEL too old"); no match is "already deleted". Beyond OpenSIPS, a tombstone is kept
     * in every case where the delete is not too old, including when the AoR or contact is not (yet) there.
     */
    private Outcome applyDelete(ContactDelete d, long now) {
        Aor a = aors.get(d.aor());
        int mode = mode(d.cmatch());
        Entry found = a == null ? null : find(a, mode, d.cmatch(), d.contactUri(), d.callid());
        if (found == null) {
            if (mode != ContactMatch.PARAMS) {
                tombstone(d.aor(), d.contactUri(), d.callid(), d.cseq(), now);
            }
            return Outcome.NO_CHANGE;
        }
        if (cseqRule(found.binding(), mode, d.callid(), d.cseq() + 1, now) != null) {
            return Outcome.IGNORED_OLDER;
        }
        boolean sameCall = found.binding().callid().equals(d.callid());
        removeEntry(a, found, sameCall ? d.cseq() : found.binding().cseq(), now);
        dropIfEmpty(a);
        return Outcome.REMOVED;
    }

    // ------------------------------------------------------------------ sync

    /**
     * The table as sync records, each AoR followed by its live contacts, produced lazily: only the list of AoR names
     * is copied up front; an AoR removed before the iterator reaches it is skipped, and each AoR's contacts are
     * read when the iterator gets to it.
     */
    public Iterator<UsrlocSyncRecord> syncRecords(long now) {
        List<Str> names = new ArrayList<>(aors.keySet());
        return new Iterator<>() {
            int next;
            final List<UsrlocSyncRecord> pending = new ArrayList<>();
            int pendingAt;

            @Override
            public boolean hasNext() {
                while (pendingAt >= pending.size()) {
                    pending.clear();
                    pendingAt = 0;
                    if (next >= names.size()) {
                        return false;
                    }
                    Aor a = aors.get(names.get(next++));
                    if (a == null) {
                        continue;
                    }
                    pending.add(new AorInsert(domain, a.name, a.label, a.nextClabel, Str.EMPTY));
                    for (Entry e : a.entries) {
                        if (!e.binding().expiredAt(now)) {
                            pending.add(new ContactInsert(toData(a.name, a, e, ContactMatch.BY_CALLID)));
                        }
                    }
                }
                return true;
            }

            @Override
            public UsrlocSyncRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.get(pendingAt++);
            }
        };
    }

    /** {@link #syncRecords} encoded as sync chunk contents with the real codec, for the clusterer's sync stream. */
    public Iterator<Str> syncChunks(long now) {
        Iterator<UsrlocSyncRecord> records = syncRecords(now);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Str next() {
                BinWriter w = new BinWriter(256);
                UsrlocCodec.writeSyncRecord(records.next(), w);
                return Str.copyOf(w.array(), 0, w.position());
            }
        };
    }

    // ------------------------------------------------------------------ inspection

    /** The table name carried in every record ("location"). */
    public Str domain() {
        return domain;
    }

    public int contactCount() {
        return contacts;
    }

    public int aorCount() {
        return aors.size();
    }

    public int tombstoneCount() {
        return tombstones.size();
    }

    /** The AoR names, as a view (the caller copies it before the table changes). */
    public java.util.Set<Str> snapshotNames() {
        return java.util.Collections.unmodifiableSet(aors.keySet());
    }

    /** Every stored binding (expired or not) per AoR, as a copy: for tests and management. */
    public Map<Str, List<Binding>> snapshot() {
        Map<Str, List<Binding>> out = new LinkedHashMap<>();
        for (Aor a : aors.values()) {
            out.put(a.name, a.entries.stream().map(Entry::binding).toList());
        }
        return out;
    }

    // ------------------------------------------------------------------ internals

    private int mode(ContactMatch m) {
        return m.mode() == ContactMatch.NONE ? defaultMatchMode : m.mode();
    }

    private static Entry find(Aor a, int mode, ContactMatch match, Str uri, Str callid) {
        for (Entry e : a.entries) {
            if (ContactMatcher.matches(mode, match, e.binding(), uri, callid)) {
                return e;
            }
        }
        return null;
    }

    private static Entry findFlow(Aor a, Str instance, int regId) {
        for (Entry e : a.entries) {
            if (e.binding().instance().equals(instance) && e.binding().regId() == regId) {
                return e;
            }
        }
        return null;
    }

    /**
     * OpenSIPS {@code get_ucontact} once a contact matched: when the Call-IDs are the same (always in CONTACT_CALLID
     * mode), a lower CSeq is older (-1) and an equal CSeq is a retransmission when within {@code cseq_delay} of the
     * contact's last change (-2), otherwise older (-1). A newer CSeq, or another Call-ID, wins. Null = wins.
     */
    private Outcome cseqRule(Binding stored, int mode, Str callid, int cseq, long now) {
        if (mode == ContactMatch.CONTACT_CALLID || stored.callid().equals(callid)) {
            if (cseq < stored.cseq()) {
                return Outcome.IGNORED_OLDER;
            }
            if (cseq == stored.cseq()) {
                return stored.lastModified() + limits.cseqDelaySeconds() > now
                        ? Outcome.IGNORED_RETRANSMISSION : Outcome.IGNORED_OLDER;
            }
        }
        return null;
    }

    private boolean tombstoned(Str aor, Str uri, Str callid, int cseq) {
        Tombstone t = tombstones.get(new TombKey(aor, uri, callid));
        return t != null && cseq <= t.cseq();
    }

    private void tombstone(Str aor, Str uri, Str callid, int cseq, long now) {
        if (limits.maxTombstones() == 0) {
            return;
        }
        TombKey k = new TombKey(aor, uri, callid);
        Tombstone old = tombstones.remove(k);
        tombstones.put(k, new Tombstone(old == null ? cseq : Math.max(cseq, old.cseq()),
                now + limits.tombstoneSeconds()));
        if (tombstones.size() > limits.maxTombstones()) {
            Iterator<TombKey> it = tombstones.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private Outcome refusal(Aor a) {
        if (contacts >= limits.maxContacts()) {
            return Outcome.REFUSED_TABLE_FULL;
        }
        if (a != null && a.entries.size() >= limits.maxContactsPerAor()) {
            return Outcome.REFUSED_AOR_FULL;
        }
        return null;
    }

    private Aor newAor(Str name, int label, int nextClabel) {
        Aor a = new Aor(name, label, nextClabel & CLABEL_MASK);
        aors.put(name, a);
        return a;
    }

    /** A local insert takes the AoR's next contact label; a replicated one keeps the sender's and moves it past. */
    private Entry add(Aor a, Binding b, int clabel, boolean local) {
        Entry e = new Entry(b, clabel & CLABEL_MASK);
        a.entries.add(e);
        contacts++;
        if (local || a.nextClabel <= e.clabel()) {
            a.nextClabel = (e.clabel() + 1) & CLABEL_MASK;
        }
        return e;
    }

    private static Entry replace(Aor a, Entry old, Binding b) {
        Entry e = new Entry(b, old.clabel());
        a.entries.set(a.entries.indexOf(old), e);
        return e;
    }

    private void removeEntry(Aor a, Entry e, int cseq, long now) {
        a.entries.remove(e);
        contacts--;
        tombstone(a.name, e.binding().contactUri(), e.binding().callid(), Math.max(cseq, e.binding().cseq()), now);
    }

    private void removeAll(Aor a, long now) {
        for (Entry e : List.copyOf(a.entries)) {
            removeEntry(a, e, e.binding().cseq(), now);
        }
        aors.remove(a.name);
    }

    private void dropIfEmpty(Aor a) {
        if (a != null && a.entries.isEmpty()) {
            aors.remove(a.name);
        }
    }

    private ContactData toData(Str aor, Aor a, Entry e, ContactMatch match) {
        Binding b = e.binding();
        long contactId = ((long) (aor.hashCode() & 0xFFFF) << 46) | ((a.label & 0xFFFFFFFFL) << 14) | e.clabel();
        Str kv = ContactKeyValues.encode(b.regId(), b.ownerTag());
        return new ContactData(domain, aor, b.contactUri(), contactId, b.callid(), b.userAgent(), b.path(), b.attr(),
                b.received(), b.instance(), b.expires(), b.q(), b.socket(), b.cseq(), b.flags(), b.cflags(),
                b.methods(), b.lastModified(), kv, match);
    }

    private static Binding fromData(ContactData c) {
        ContactKeyValues kv = ContactKeyValues.decode(c.kvStoreJson());
        return new Binding(c.contactUri(), c.callid(), c.cseq(), c.expires(), c.q(), c.path(), c.received(),
                c.userAgent(), c.flags(), c.cflags(), c.socket(), c.instance(), kv.regId(), c.methods(), c.attr(),
                kv.ownerTag(), c.lastModified());
    }
}
