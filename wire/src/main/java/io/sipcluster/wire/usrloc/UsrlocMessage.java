package io.sipcluster.wire.usrloc;

import io.sipcluster.wire.Str;

/** The body of a {@code usrloc-contact-repl} packet, version 5. */
public sealed interface UsrlocMessage {
    int packetType();

    /** An AoR created on the sender. {@code label} and {@code nextClabel} seed contact ids (see {@link ContactData}). */
    record AorInsert(Str domain, Str aor, int label, int nextClabel, Str kvStoreJson)
            implements UsrlocMessage, UsrlocSyncRecord {
        @Override
        public int packetType() {
            return UsrlocPacketType.AOR_INSERT;
        }
    }

    /** An AoR deleted on the sender, with all its contacts. */
    record AorDelete(Str domain, Str aor) implements UsrlocMessage {
        @Override
        public int packetType() {
            return UsrlocPacketType.AOR_DELETE;
        }
    }

    /** A new binding; also the record each contact becomes in a sync. */
    record ContactInsert(ContactData contact) implements UsrlocMessage, UsrlocSyncRecord {
        @Override
        public int packetType() {
            return UsrlocPacketType.CONTACT_INSERT;
        }
    }

    /** A refreshed binding. Same fields as an insert, but the contact id travels after the key-value store. */
    record ContactUpdate(ContactData contact) implements UsrlocMessage {
        @Override
        public int packetType() {
            return UsrlocPacketType.CONTACT_UPDATE;
        }
    }

    /** A removed binding; receivers keep a contact whose CSeq is newer than the delete's. */
    record ContactDelete(Str domain, Str aor, Str contactUri, Str callid, int cseq, ContactMatch cmatch)
            implements UsrlocMessage {
        @Override
        public int packetType() {
            return UsrlocPacketType.CONTACT_DELETE;
        }
    }
}
