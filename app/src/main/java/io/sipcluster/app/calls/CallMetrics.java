package io.sipcluster.app.calls;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sipcluster.dialog.DialogCounters;
import io.sipcluster.dialog.cdr.AsyncCallRecords;
import io.sipcluster.dialog.cluster.DialogReplication;
import io.sipcluster.proxy.ProxyCounters;
import io.sipcluster.proxy.ProxyEdge;

/** The Prometheus meters of a node's calls: proxy, dialogs, replication, CDR writers. */
final class CallMetrics {
    private CallMetrics() {}

    static void register(Calls calls, MeterRegistry meters) {
        ProxyEdge edge = calls.proxy();
        ProxyCounters p = edge.counters();
        FunctionCounter.builder("sipcluster_proxy_requests", p, ProxyCounters::requests).register(meters);
        FunctionCounter.builder("sipcluster_proxy_responses", p, ProxyCounters::responses).register(meters);
        FunctionCounter.builder("sipcluster_proxy_retransmissions", p, ProxyCounters::retransmissions)
                .description("requests and responses sent again for lack of an answer").register(meters);
        FunctionCounter.builder("sipcluster_proxy_timeouts", p, ProxyCounters::timeouts)
                .description("branches that never answered").register(meters);
        FunctionCounter.builder("sipcluster_proxy_refused", p, ProxyCounters::refused)
                .description("INVITEs refused by call or rate limits").register(meters);
        FunctionCounter.builder("sipcluster_proxy_loops", p, ProxyCounters::loops).register(meters);
        FunctionCounter.builder("sipcluster_proxy_malformed", p, ProxyCounters::malformed).register(meters);
        FunctionCounter.builder("sipcluster_proxy_dropped_responses", p, ProxyCounters::droppedResponses)
                .register(meters);
        Gauge.builder("sipcluster_proxy_transactions", edge, ProxyEdge::transactions).register(meters);
        DialogCounters d = calls.dialogs().counters();
        Gauge.builder("sipcluster_dialogs", calls.dialogs(), x -> x.size()).description("dialogs held here")
                .register(meters);
        FunctionCounter.builder("sipcluster_dialog_answered", d, DialogCounters::answered).register(meters);
        FunctionCounter.builder("sipcluster_dialog_ended", d, DialogCounters::ended).register(meters);
        FunctionCounter.builder("sipcluster_dialog_timed_out", d, DialogCounters::timedOut).register(meters);
        FunctionCounter.builder("sipcluster_dialog_limited", d, DialogCounters::limited)
                .description("INVITEs refused by a profile limit").register(meters);
        FunctionCounter.builder("sipcluster_dialog_pings", d, DialogCounters::pings)
                .description("in-dialog OPTIONS sent").register(meters);
        FunctionCounter.builder("sipcluster_dialog_ping_failures", d, DialogCounters::pingFailures)
                .description("calls ended because a party did not answer a ping").register(meters);
        FunctionCounter.builder("sipcluster_cdr_records", d, DialogCounters::records).register(meters);
        FunctionCounter.builder("sipcluster_cdr_handed_over", d, DialogCounters::handedOver)
                .description("CDRs of calls another node ended, written here after a takeover").register(meters);
        for (AsyncCallRecords s : calls.recordSinks()) {
            String name = s.name();
            FunctionCounter.builder("sipcluster_cdr_written", s, AsyncCallRecords::written).tag("store", name)
                    .register(meters);
            FunctionCounter.builder("sipcluster_cdr_lost", s, AsyncCallRecords::lost).tag("store", name)
                    .register(meters);
            Gauge.builder("sipcluster_cdr_queued", s, AsyncCallRecords::queued).tag("store", name).register(meters);
        }
        calls.replication().ifPresent(r -> {
            FunctionCounter.builder("sipcluster_dialog_repl_sent", r, DialogReplication::sentPackets).register(meters);
            FunctionCounter.builder("sipcluster_dialog_repl_unsent", r, DialogReplication::unsentPackets)
                    .register(meters);
            FunctionCounter.builder("sipcluster_dialog_repl_received", r, DialogReplication::receivedPackets)
                    .register(meters);
            FunctionCounter.builder("sipcluster_dialog_repl_refused", r, DialogReplication::refusedPackets)
                    .register(meters);
        });
    }
}
