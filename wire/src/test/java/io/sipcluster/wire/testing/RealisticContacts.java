package io.sipcluster.wire.testing;

import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactData;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.util.SplittableRandom;

/**
 * Contacts shaped like those of real SIP registrations (URIs, Call-IDs, User-Agents of typical length), for
 * benchmarks: edge-case values would measure the wrong thing there.
 */
final class RealisticContacts {
    private static final String[] USER_AGENTS = {
        "Linphone-Desktop/5.2.6 (belle-sip/5.2.94)", "Zoiper rv2.10.20.4", "Grandstream GXP2170 1.0.11.79",
        "Yealink SIP-T46U 108.86.0.45", "MicroSIP/3.21.5", "Ooma/1.0",
    };
    private static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z: fixed, so a seed gives the same contact

    private final SplittableRandom random;

    RealisticContacts(SplittableRandom random) {
        this.random = random;
    }

    ContactData next() {
        int user = random.nextInt(1_000_000);
        String host = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        int port = 1024 + random.nextInt(64_000);
        String aor = "user" + user + "@sip.example.com";
        String contact = "sip:user" + user + "@" + host + ":" + port + ";transport=udp;rinstance=" + hex(8);
        long contactId = random.nextLong() >>> 2; // hash and labels occupy 62 bits
        return new ContactData(Str.of("location"), Str.of(aor), Str.of(contact), contactId,
                Str.of(hex(16) + "@" + host), Str.of(USER_AGENTS[random.nextInt(USER_AGENTS.length)]),
                random.nextBoolean() ? Str.EMPTY : Str.of("<sip:edge1.example.com;lr>"), Str.EMPTY,
                Str.of("sip:203.0.113." + random.nextInt(256) + ":" + port), Str.of("<urn:uuid:" + uuid() + ">"),
                NOW + 3600 - random.nextInt(3600), random.nextBoolean() ? ContactData.Q_UNSET : 1000,
                Str.of("udp:10.0.0.1:5060"), 1 + random.nextInt(10_000), 0, Str.EMPTY, -1, NOW,
                random.nextBoolean() ? Str.EMPTY : Str.of("{\"_st\":\"vip1\"}"), ContactMatch.BY_CALLID);
    }

    private String uuid() {
        return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
    }

    private String hex(int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }
}
