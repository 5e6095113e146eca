package io.sipcluster.usrloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.usrloc.duty.ContactDuty;
import io.sipcluster.wire.Str;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactDutyTest {
    private static final Binding PLAIN = Binding.of("sip:a@10.0.0.1", "c", 1, 0, -1, 0);

    @Test
    void inCooperationEveryAorHasExactlyOneNodeForAnySetOfNodes() {
        for (List<Integer> up : List.of(List.of(1), List.of(1, 2), List.of(1, 2, 3), List.of(2, 5, 9, 11))) {
            int[] perNode = new int[up.size()];
            for (int i = 0; i < 30_000; i++) {
                Str aor = Str.of("user" + i + "@example.com");
                int acting = 0;
                for (int n = 0; n < up.size(); n++) {
                    if (ContactDuty.cooperation(up.get(n), up).actsOn(aor, PLAIN)) {
                        acting++;
                        perNode[n]++;
                    }
                }
                assertThat(acting).as("%s among %s", aor, up).isEqualTo(1);
            }
            for (int count : perNode) {
                // the hash spreads the AoRs evenly: each share within 5 % of its fair part
                assertThat(count).isBetween((int) (30_000 / up.size() * 0.95), (int) (30_000 / up.size() * 1.05));
            }
        }
    }

    @Test
    void aNodeMissingFromTheListStillCountsItself() {
        Str aor = Str.of("bob@example.com");
        assertThat(ContactDuty.cooperation(3, Set.of()).actsOn(aor, PLAIN)).isTrue();
        boolean onTwo = ContactDuty.cooperation(2, Set.of(3)).actsOn(aor, PLAIN);
        assertThat(ContactDuty.cooperation(3, Set.of(2)).actsOn(aor, PLAIN)).isNotEqualTo(onTwo);
    }

    @Test
    void inOwnershipTheActiveTagDecidesAndUntaggedBindingsAreEveryones() {
        ContactDuty active = ContactDuty.ownership("vip"::equals);
        ContactDuty backup = ContactDuty.ownership(t -> false);
        Str aor = Str.of("a@example.com");
        assertThat(active.actsOn(aor, PLAIN.withOwnerTag("vip"))).isTrue();
        assertThat(backup.actsOn(aor, PLAIN.withOwnerTag("vip"))).isFalse();
        assertThat(active.actsOn(aor, PLAIN.withOwnerTag("other"))).isFalse();
        assertThat(backup.actsOn(aor, PLAIN)).isTrue();
        assertThat(ContactDuty.everything().actsOn(aor, PLAIN.withOwnerTag("x"))).isTrue();
    }
}
