package io.sipcluster.usrloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records delivered in any order, some twice, still build the sender's table (tombstones make up for OpenSIPS's
 * lost out-of-order deletes). AoR deletes are left out: OpenSIPS's AoR delete carries no version, so it cannot be
 * ordered against the contact records.
 */
class ReorderingTest {
    private static final long T = 1_700_000_000L;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anyDeliveryOrderWithDuplicatesConverges(long seed) throws Exception {
        Random rnd = new Random(seed);
        LocationTable origin = LocationTableTest.table();
        List<UsrlocMessage> records = new ArrayList<>();
        Map<String, Integer> cseqs = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            Str aor = Str.of("sip:u" + rnd.nextInt(10) + "@h");
            int dev = rnd.nextInt(3);
            String uri = "sip:d" + dev + "@" + aor.toString().substring(4);
            String callid = "call-" + aor + "-" + dev + "-" + rnd.nextInt(2);
            int cseq = cseqs.merge(callid, 1 + rnd.nextInt(2), Integer::sum);
            Change c;
            if (rnd.nextInt(4) == 0) {
                c = origin.remove(aor, Str.of(uri), Str.of(callid), cseq, ContactMatch.BY_CALLID, T);
            } else {
                Binding b = Binding.of(uri, callid, cseq, 0, rnd.nextInt(1001), T + i);
                if (rnd.nextBoolean()) {
                    b = b.withInstance("<urn:uuid:" + aor + dev + ">", 1 + rnd.nextInt(2));
                }
                c = origin.register(aor, b, ContactMatch.BY_CALLID, T);
            }
            records.addAll(c.replicate());
        }
        List<UsrlocMessage> delivery = new ArrayList<>(records);
        for (int i = 0; i < records.size() / 5; i++) {
            delivery.add(records.get(rnd.nextInt(records.size())));
        }
        Collections.shuffle(delivery, rnd);
        LocationTable receiver = LocationTableTest.table();
        for (UsrlocMessage m : delivery) {
            receiver.apply(LocationTableTest.wire(m), T + 1_000);
        }
        assertThat(UsrlocScenarioTest.contents(receiver)).isEqualTo(UsrlocScenarioTest.contents(origin));

        // and a sync of the receiver back into a fresh table, or into the origin, changes nothing
        LocationTable fresh = LocationTableTest.table();
        LocationTableTest.sync(receiver, fresh, T + 1_000);
        assertThat(UsrlocScenarioTest.contents(fresh)).isEqualTo(UsrlocScenarioTest.contents(origin));
    }
}
