package io.sipcluster.provisioning.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** For database servers: an outage seen through a relay that is cut. */
abstract class ServerProvisioningContract extends SqlProvisioningContract {
    ServerProvisioningContract(TestDatabase db) {
        super(db);
    }

    @Test
    void aReloadWhileTheServerIsDownKeepsTheLastGoodTableAndReturnsQuickly() throws Exception {
        threeNodesInTwoClusters();
        try (TcpRelay relay = new TcpRelay(db.serverPort());
             SqlProvisioning sql = SqlProvisioning.open(node(1, db.url(relay.port()), "1s", ""))) {
            TableSnapshot good = sql.load();
            relay.cut();

            long start = System.nanoTime();
            ReloadOutcome r = sql.reload();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r).isInstanceOf(ReloadOutcome.KeptLastGood.class);
            assertThat(((ReloadOutcome.KeptLastGood) r).error()).hasMessageStartingWith("cannot read " + db.table);
            assertThat(r.snapshot()).isSameAs(good);
            assertThat(sql.current()).isSameAs(good);
            assertThat(took).as("bounded by connect_timeout, not by TCP's own timeouts").isLessThan(Duration.ofSeconds(4));
        }
    }
}
