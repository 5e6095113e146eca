package io.sipcluster.app.registration;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.RemoteCapabilityView;
import io.sipcluster.provisioning.config.UsrlocConfig;
import io.sipcluster.usrloc.duty.ContactDuty;
import io.sipcluster.wire.Capability;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** This node's {@link ContactDuty} as the engine sees the cluster now (run on the loop thread). */
final class ClusterDuty {
    private ClusterDuty() {
    }

    static ContactDuty of(ClusterEngine engine, int cluster, UsrlocConfig.DutyMode mode) {
        if (mode == UsrlocConfig.DutyMode.OWNERSHIP) {
            Set<String> active = new HashSet<>();
            engine.sharingTags(cluster).forEach((tag, on) -> {
                if (on) {
                    active.add(tag);
                }
            });
            return ContactDuty.ownership(active::contains);
        }
        // cooperation: the nodes reachable now whose CAP_UPDATEs say their table is synced, and this one
        Set<Integer> reachable = engine.reachable(cluster);
        Set<Integer> upAndSynced = new TreeSet<>();
        for (RemoteCapabilityView cap : engine.remoteCapabilities(cluster)) {
            if (cap.synced() && cap.name().equals(Capability.USRLOC.name()) && reachable.contains(cap.nodeId())) {
                upAndSynced.add(cap.nodeId());
            }
        }
        return ContactDuty.cooperation(engine.nodeId(), upAndSynced);
    }
}
