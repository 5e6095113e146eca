package io.sipcluster.core;

import static io.sipcluster.core.EngineUnderTest.CLUSTER;
import static io.sipcluster.core.EngineUnderTest.node;
import static io.sipcluster.core.EngineUnderTest.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.link.LinkState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code clusterer_reload}: a new table applied to a running engine. */
class ReprovisionTest {
    private static ClusterSetup setup(NodeDescriptor... neighbours) {
        return new ClusterSetup(CLUSTER, node(1), List.of(neighbours), false);
    }

    private static List<Integer> ids(EngineUnderTest t) {
        return t.engine.nodes(CLUSTER).stream().map(NodeView::nodeId).toList();
    }

    @Test
    void aRemovedRowIsForgottenAndANewRowIsProbed() {
        EngineUnderTest t = new EngineUnderTest(1, 2, 3).linksUp(2, 3);
        assertThat(t.engine.reachable(CLUSTER)).containsExactly(2, 3);
        t.fx.clear();

        t.engine.reprovision(setup(node(2), node(4)), t.now, t.fx);

        assertThat(ids(t)).containsExactly(2, 4);
        assertThat(t.fx.events).contains(new ClusterEvent.NodeDown(CLUSTER, 3),
                new ClusterEvent.NodeDiscovered(CLUSTER, 4));
        assertThat(t.engine.reachable(CLUSTER)).containsExactly(2);
        t.tickAt(t.now + 1000);
        assertThat(t.fx.sent).anyMatch(s -> s.url().equals(url(4)));
        assertThat(t.fx.sent).noneMatch(s -> s.url().equals(url(3)));
    }

    @Test
    void aRowWhoseStateChangedDisablesTheNodeButKeepsIt() {
        EngineUnderTest t = new EngineUnderTest(1, 2, 3).linksUp(2, 3);
        NodeDescriptor d3 = node(3);
        NodeDescriptor disabled3 = new NodeDescriptor(3, d3.url(), d3.sipAddr(), d3.priority(), d3.noPingRetries(),
                d3.seed(), false);

        t.engine.reprovision(setup(node(2), disabled3), t.now, t.fx);

        assertThat(ids(t)).containsExactly(2, 3);
        assertThat(t.engine.nodes(CLUSTER).get(1).enabled()).isFalse();
        assertThat(t.engine.reachable(CLUSTER)).containsExactly(2);
    }

    @Test
    void aRowWithANewAddressStartsOverWithAFreshLink() {
        EngineUnderTest t = new EngineUnderTest(1, 2, 3).linksUp(2, 3);
        NodeDescriptor moved3 = NodeDescriptor.of(3, "bin:10.0.9.3:5566");

        t.engine.reprovision(setup(node(2), moved3), t.now, t.fx);

        NodeView three = t.engine.nodes(CLUSTER).get(1);
        assertThat(three.url()).isEqualTo(moved3.url());
        assertThat(three.linkState()).isNotEqualTo(LinkState.UP);
        t.fx.clear();
        t.tickAt(t.now + 1000);
        assertThat(t.fx.sent).anyMatch(s -> s.url().equals(moved3.url()));
    }

    @Test
    void anUnchangedTableChangesNothing() {
        EngineUnderTest t = new EngineUnderTest(1, 2, 3).linksUp(2, 3);
        t.fx.clear();
        t.engine.reprovision(setup(node(2), node(3)), t.now, t.fx);
        assertThat(t.fx.events).isEmpty();
        assertThat(t.fx.sent).isEmpty();
        assertThat(t.engine.reachable(CLUSTER)).containsExactly(2, 3);
    }
}
