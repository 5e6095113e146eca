package io.sipcluster.wire.usrloc;

/** One chunk of usrloc sync data: an AoR ({@code is_contact} 0) or a contact ({@code is_contact} 1). */
public sealed interface UsrlocSyncRecord permits UsrlocMessage.AorInsert, UsrlocMessage.ContactInsert {}
