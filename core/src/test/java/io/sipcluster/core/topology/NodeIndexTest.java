package io.sipcluster.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NodeIndexTest {
    @Test
    void behavesLikeAMapUnderRandomPutsAndRemoves() {
        NodeIndex index = new NodeIndex();
        Map<Integer, Integer> model = new HashMap<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int step = 0; step < 20_000; step++) {
            int id = r.nextInt(-50, 3_000);
            if (r.nextInt(3) == 0) {
                index.remove(id);
                model.remove(id);
            } else {
                int idx = r.nextInt(0, 1_024);
                index.put(id, idx);
                model.put(id, idx);
            }
            int probe = r.nextInt(-50, 3_000);
            assertThat(index.get(probe)).isEqualTo(model.getOrDefault(probe, -1));
        }
        model.forEach((id, idx) -> assertThat(index.get(id)).isEqualTo(idx));
    }

    @Test
    void extremeIdsAndIndexZero() {
        NodeIndex index = new NodeIndex();
        index.put(Integer.MIN_VALUE, 0);
        index.put(-1, 7);
        index.put(Integer.MAX_VALUE, 1_000_000);
        assertThat(index.get(Integer.MIN_VALUE)).isZero();
        assertThat(index.get(-1)).isEqualTo(7);
        assertThat(index.get(Integer.MAX_VALUE)).isEqualTo(1_000_000);
        assertThat(index.get(0)).isEqualTo(-1);
    }
}
