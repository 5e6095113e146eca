package io.sipcluster.app.registration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sipcluster.registrar.NatPinger;
import io.sipcluster.registrar.RegistrarCounters;
import io.sipcluster.registrar.TcpRegistrar;
import io.sipcluster.registrar.UdpRegistrar;
import io.sipcluster.usrloc.Outcome;
import io.sipcluster.usrloc.cluster.UsrlocReplication;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.usrloc.service.UsrlocCounters;
import io.sipcluster.usrloc.sql.LocationWriter;
import java.util.Locale;

/** The Prometheus meters of a node's registrations: table, replication, persistence, keepalives, SIP sockets. */
final class RegistrationMetrics {
    private RegistrationMetrics() {
    }

    static void register(Registrations r, MeterRegistry meters) {
        LocationService location = r.location();
        UsrlocReplication replication = r.replication().orElse(null);
        LocationWriter writer = r.writer().orElse(null);
        NatPinger pinger = r.natPinger().orElse(null);
        Gauge.builder("sipcluster_usrloc_contacts", location, LocationService::contactCount)
                .description("bindings in the location table").register(meters);
        Gauge.builder("sipcluster_usrloc_aors", location, LocationService::aorCount)
                .description("AoRs in the location table").register(meters);
        UsrlocCounters c = location.counters();
        for (UsrlocCounters.Cause cause : UsrlocCounters.Cause.values()) {
            for (Outcome o : Outcome.values()) {
                FunctionCounter.builder("sipcluster_usrloc_changes", c, x -> x.count(cause, o))
                        .tag("cause", cause.name().toLowerCase(Locale.ROOT)).tag("outcome", o.name().toLowerCase(Locale.ROOT))
                        .description("location table operations by cause and outcome").register(meters);
            }
        }
        FunctionCounter.builder("sipcluster_usrloc_expired", c, UsrlocCounters::expired).register(meters);
        FunctionCounter.builder("sipcluster_usrloc_expiries_reported", r, Registrations::expiriesReported)
                .description("expiries this node reported (its duty)").register(meters);
        if (pinger != null) {
            FunctionCounter.builder("sipcluster_usrloc_natping_sent", pinger, x -> x.stats().sent()).register(meters);
            FunctionCounter.builder("sipcluster_usrloc_natping_answered", pinger, x -> x.stats().answered())
                    .register(meters);
            FunctionCounter.builder("sipcluster_usrloc_natping_unanswered", pinger, x -> x.stats().unanswered())
                    .register(meters);
            FunctionCounter.builder("sipcluster_usrloc_natping_skipped", pinger, x -> x.stats().skipped())
                    .description("pings over max_per_tick").register(meters);
            FunctionCounter.builder("sipcluster_usrloc_natping_removed", pinger, x -> x.stats().removed())
                    .register(meters);
        }
        if (replication != null) {
            FunctionCounter.builder("sipcluster_usrloc_records_sent", replication, UsrlocReplication::sentRecords)
                    .register(meters);
            FunctionCounter.builder("sipcluster_usrloc_records_unsent", replication,
                    UsrlocReplication::unsentRecords).description("records with no node reachable").register(meters);
            FunctionCounter.builder("sipcluster_usrloc_records_received", replication,
                    UsrlocReplication::receivedRecords).register(meters);
        }
        if (writer != null) {
            FunctionCounter.builder("sipcluster_usrloc_sql_aors_written", writer, w -> w.stats().aorsWritten())
                    .register(meters);
            FunctionCounter.builder("sipcluster_usrloc_sql_failures", writer, w -> w.stats().failures())
                    .description("batches that failed and were retried").register(meters);
            FunctionCounter.builder("sipcluster_usrloc_sql_rejected", writer, w -> w.stats().rejected())
                    .description("AoRs the database refused as data").register(meters);
            Gauge.builder("sipcluster_usrloc_sql_backlog", writer, w -> w.stats().backlog())
                    .description("AoRs changed and not written yet").register(meters);
        }
        for (UdpRegistrar u : r.udpListeners()) {
            registrarMeters(meters, "udp:" + Registrations.hostPortOf(u.localAddress()), u.counters());
        }
        for (TcpRegistrar t : r.tcpListeners()) {
            registrarMeters(meters, "tcp:" + Registrations.hostPortOf(t.localAddress()), t.counters());
        }
    }

    private static void registrarMeters(MeterRegistry meters, String socket, RegistrarCounters c) {
        FunctionCounter.builder("sipcluster_sip_received", c, RegistrarCounters::receivedCount)
                .tag("socket", socket).register(meters);
        FunctionCounter.builder("sipcluster_sip_dropped", c, RegistrarCounters::droppedCount)
                .tag("socket", socket).register(meters);
        FunctionCounter.builder("sipcluster_sip_unparseable", c, RegistrarCounters::unparseableCount)
                .tag("socket", socket).register(meters);
        FunctionCounter.builder("sipcluster_sip_answered", c, RegistrarCounters::answeredCount)
                .tag("socket", socket).register(meters);
    }

}
