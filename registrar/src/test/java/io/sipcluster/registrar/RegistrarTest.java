package io.sipcluster.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import io.sipcluster.usrloc.UsrlocLimits;
import org.junit.jupiter.api.Test;

class RegistrarTest {
    private static final Source SRC = new Source("192.0.2.10", 5062, "UDP");
    private static final long T0 = 1_000_000L;

    private final TestLocation store = TestLocation.at(T0);
    private final Registrar registrar = new Registrar(store.store, new RegistrarConfig(60, 7200, 3600));

    /** The registrar's answer at {@code now}, the location table's clock set to the same time. */
    private Answer handle(SipRequest request, Source source, long now) {
        store.nowMillis.set(now);
        return registrar.handle(request, source, now);
    }
    private int branch;

    /** A REGISTER for alice with the given extra header lines (each without CRLF). */
    private String register(String callId, long cseq, String... lines) {
        StringBuilder s = new StringBuilder()
                .append("REGISTER sip:example.com SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK").append(++branch).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:alice@example.com>;tag=f1\r\n")
                .append("To: <sip:alice@example.com>\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        for (String l : lines) {
            s.append(l).append("\r\n");
        }
        return s.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static SipRequest parse(String text) throws Exception {
        return (SipRequest) new SipParser().parseDatagram(text.getBytes(StandardCharsets.UTF_8));
    }

    private SipResponse send(String text, long now) throws Exception {
        Answer a = handle(parse(text), SRC, now);
        SipResponse r = (SipResponse) new SipParser().parseDatagram(a.bytes());
        assertThat(r.statusCode()).isEqualTo(a.status());
        return r;
    }

    private List<Binding> bindings() {
        return store.bindings("sip:alice@example.com");
    }

    private static List<String> contactLines(SipResponse r) {
        return r.headers("Contact");
    }

    @Test
    void addsABindingAndListsItWithTheGrantedExpires() throws Exception {
        SipResponse r = send(register("c1", 1, "Contact: <sip:alice@192.0.2.10:5062>", "Expires: 1800"), T0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.to().tag()).isNotNull();
        assertThat(contactLines(r)).containsExactly("<sip:alice@192.0.2.10:5062>;expires=1800");
        Binding b = bindings().get(0);
        assertThat(b.contactUri()).isEqualTo("sip:alice@192.0.2.10:5062");
        assertThat(b.expiresAtMillis()).isEqualTo(T0 + 1_800_000);
        assertThat(b.callId()).isEqualTo("c1");
        assertThat(b.cseq()).isEqualTo(1);
        assertThat(b.source()).isEqualTo(SRC);
    }

    @Test
    void contactExpiresParameterWinsOverTheHeaderAndDefaultApplies() throws Exception {
        SipResponse r = send(register("c1", 1, "Contact: <sip:a@h1>;expires=120, <sip:a@h2>", "Expires: 300"), T0);
        assertThat(contactLines(r)).containsExactly("<sip:a@h1>;expires=120, <sip:a@h2>;expires=300".split(", "));
        SipResponse d = send(register("c2", 1, "Contact: <sip:a@h3>"), T0);
        assertThat(contactLines(d)).contains("<sip:a@h3>;expires=3600");
    }

    @Test
    void longIntervalsAreCutToTheMaximum() throws Exception {
        SipResponse r = send(register("c1", 1, "Contact: <sip:a@h1>;expires=999999"), T0);
        assertThat(contactLines(r)).containsExactly("<sip:a@h1>;expires=7200");
    }

    @Test
    void tooBriefIsRefusedWith423AndNothingChanges() throws Exception {
        SipResponse r = send(register("c1", 1, "Contact: <sip:a@h1>, <sip:a@h2>;expires=30"), T0);
        assertThat(r.statusCode()).isEqualTo(423);
        assertThat(r.minExpires()).isEqualTo(60);
        assertThat(bindings()).isEmpty();
    }

    @Test
    void refreshKeepsOneBindingAndListsTheRemainingSeconds() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>;expires=600", "Contact: <sip:a@h2>;expires=600"), T0);
        SipResponse r = send(register("c1", 2, "Contact: <SIP:a@H1>;expires=900"), T0 + 100_500);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(bindings()).hasSize(2);
        // h1 refreshed (equivalent URI: scheme and host compare case-insensitively), h2 has 499.5 s left.
        assertThat(contactLines(r)).containsExactlyInAnyOrder("<sip:a@h2>;expires=500", "<SIP:a@H1>;expires=900");
    }

    @Test
    void expiresZeroRemovesOneBinding() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>, <sip:a@h2>"), T0);
        SipResponse r = send(register("c1", 2, "Contact: <sip:a@h1>;expires=0"), T0);
        assertThat(contactLines(r)).containsExactly("<sip:a@h2>;expires=3600");
        SipResponse r2 = send(register("c1", 3, "Contact: <sip:a@h2>", "Expires: 0"), T0);
        assertThat(contactLines(r2)).isEmpty();
        assertThat(store.aors()).isEmpty();
    }

    @Test
    void removingAnUnknownContactIsFine() throws Exception {
        SipResponse r = send(register("c1", 1, "Contact: <sip:a@nowhere>;expires=0"), T0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(bindings()).isEmpty();
    }

    @Test
    void queryWithoutContactListsTheBindings() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>;expires=600"), T0);
        SipResponse r = send(register("other", 1), T0 + 1000);
        assertThat(contactLines(r)).containsExactly("<sip:a@h1>;expires=599");
    }

    @Test
    void wildcardWithExpiresZeroRemovesAll() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>, <sip:a@h2>"), T0);
        SipResponse r = send(register("c2", 1, "Contact: *", "Expires: 0"), T0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contactLines(r)).isEmpty();
        assertThat(bindings()).isEmpty();
    }

    @Test
    void wildcardWithoutExpiresZeroIs400() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>"), T0);
        SipResponse r = send(register("c2", 1, "Contact: *", "Expires: 10"), T0);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.reasonPhrase()).isEqualTo("Bad Request (Expires)");
        assertThat(send(register("c3", 1, "Contact: *"), T0).statusCode()).isEqualTo(400);
        assertThat(bindings()).hasSize(1);
    }

    @Test
    void wildcardWithOtherContactsIs400() throws Exception {
        SipResponse r = send(register("c2", 1, "Contact: *, <sip:a@h1>", "Expires: 0"), T0);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.reasonPhrase()).contains("Contact");
    }

    @Test
    void wildcardOlderThanABindingOfTheSameCallIdFails() throws Exception {
        send(register("c1", 5, "Contact: <sip:a@h1>"), T0);
        SipResponse r = send(register("c1", 5, "Contact: *", "Expires: 0"), T0);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(bindings()).hasSize(1);
    }

    @Test
    void sameCallIdWithLowerOrEqualCSeqFailsAndChangesNothing() throws Exception {
        send(register("c1", 5, "Contact: <sip:a@h1>;expires=600"), T0);
        assertThat(send(register("c1", 4, "Contact: <sip:a@h1>;expires=0", "Contact: <sip:a@h9>"), T0).statusCode())
                .isEqualTo(500);
        assertThat(send(register("c1", 5, "Contact: <sip:a@h1>;expires=900"), T0).statusCode()).isEqualTo(500);
        assertThat(bindings()).hasSize(1);
        assertThat(bindings().get(0).expiresAtMillis()).isEqualTo(T0 + 600_000);
    }

    @Test
    void anotherCallIdMayUpdateWhateverItsCSeq() throws Exception {
        send(register("c1", 5, "Contact: <sip:a@h1>;expires=600"), T0);
        SipResponse r = send(register("c2", 1, "Contact: <sip:a@h1>;expires=900"), T0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(bindings().get(0).callId()).isEqualTo("c2");
    }

    @Test
    void retransmissionGetsTheSameBytesWithoutBeingReprocessed() throws Exception {
        String text = register("c1", 1, "Contact: <sip:a@h1>;expires=600");
        Answer first = handle(parse(text), SRC, T0);
        Answer again = handle(parse(text), SRC, T0 + 500);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.bytes()).isEqualTo(first.bytes());
        // After 32 s the cache has forgotten it: the CSeq check refuses the same request.
        assertThat(handle(parse(text), SRC, T0 + 33_000).status()).isEqualTo(500);
    }

    @Test
    void qValuesInstanceRegIdArePreservedAndEchoed() throws Exception {
        SipResponse r = send(register("c1", 1,
                "Contact: <sip:a@h1;transport=tcp>;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\";reg-id=2"),
                T0);
        Binding b = bindings().get(0);
        assertThat(b.qPermille()).isEqualTo(700);
        assertThat(b.instance()).isEqualTo("\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"");
        assertThat(b.regId()).isEqualTo(2);
        assertThat(contactLines(r)).containsExactly(
                "<sip:a@h1;transport=tcp>;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\""
                        + ";reg-id=2;expires=3600");
        assertThat(r.contacts().get(0).qPermille()).isEqualTo(700);
    }

    @Test
    void pathIsStoredAndEchoedWhenSupported() throws Exception {
        SipResponse r = send(register("c1", 1, "Path: <sip:p1.example.net;lr>", "Path: <sip:p2.example.net;lr>",
                "Supported: path", "Contact: <sip:a@h1>"), T0);
        assertThat(bindings().get(0).path()).containsExactly("<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>");
        assertThat(r.headers("Path")).containsExactly("<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>");
        SipResponse quiet = send(register("c2", 1, "Path: <sip:p1.example.net;lr>", "Contact: <sip:a@h2>"), T0);
        assertThat(quiet.headers("Path")).isEmpty();
        assertThat(store.bindings("sip:alice@example.com").get(1).path()).hasSize(1);
    }

    @Test
    void lapsedBindingsAreDroppedAndNotListed() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>;expires=60"), T0);
        SipResponse r = send(register("c2", 1, "Contact: <sip:a@h2>;expires=600"), T0 + 60_000);
        assertThat(contactLines(r)).containsExactly("<sip:a@h2>;expires=600");
        assertThat(bindings()).hasSize(1);
    }

    @Test
    void malformedFieldsGet400NamingThem() throws Exception {
        assertThat(send(register("c1", 1, "Contact: <sip:a@h1>;expires=abc"), T0).reasonPhrase()).contains("Contact");
        assertThat(send(register("c1", 1, "Expires: soon", "Contact: <sip:a@h1>"), T0).reasonPhrase())
                .isEqualTo("Bad Request (Expires)");
        String noCallId = register("c1", 1).replace("Call-ID: c1\r\n", "");
        assertThat(send(noCallId, T0).reasonPhrase()).isEqualTo("Bad Request (Call-ID)");
        String wrongMethod = register("c1", 1).replace("1 REGISTER", "1 INVITE");
        assertThat(send(wrongMethod, T0).reasonPhrase()).isEqualTo("Bad Request (CSeq)");
        assertThat(bindings()).isEmpty();
    }

    @Test
    void nonSipAddressOfRecordGets416() throws Exception {
        String tel = register("c1", 1, "Contact: <sip:a@h1>").replace("To: <sip:alice@example.com>", "To: <tel:+1555>");
        assertThat(send(tel, T0).statusCode()).isEqualTo(416);
    }

    @Test
    void unknownRequireGets420() throws Exception {
        SipResponse r = send(register("c1", 1, "Require: foo", "Contact: <sip:a@h1>"), T0);
        assertThat(r.statusCode()).isEqualTo(420);
        assertThat(r.header("Unsupported")).isEqualTo("foo");
        assertThat(send(register("c1", 2, "Require: path", "Contact: <sip:a@h1>"), T0).statusCode()).isEqualTo(200);
    }

    @Test
    void optionsIs200OtherMethods405AckNothing() throws Exception {
        String options = register("c1", 1).replace("REGISTER", "OPTIONS");
        SipResponse ok = send(options, T0);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.header("Allow")).isEqualTo("REGISTER, OPTIONS");
        SipResponse no = send(register("c2", 1).replace("REGISTER", "SUBSCRIBE"), T0);
        assertThat(no.statusCode()).isEqualTo(405);
        assertThat(no.header("Allow")).isEqualTo("REGISTER, OPTIONS");
        assertThat(handle(parse(register("c3", 1).replace("REGISTER", "ACK")), SRC, T0)).isNull();
    }

    @Test
    void otherSipVersionGets505() throws Exception {
        String v3 = register("c1", 1).replaceFirst("SIP/2.0\r\n", "SIP/3.0\r\n");
        assertThat(send(v3, T0).statusCode()).isEqualTo(505);
    }

    @Test
    void severalAorsAreKeptApart() throws Exception {
        send(register("c1", 1, "Contact: <sip:a@h1>"), T0);
        String bob = register("c2", 1, "Contact: <sip:b@h1>").replace("To: <sip:alice@", "To: <sip:bob@");
        send(bob, T0);
        assertThat(store.aors()).containsExactlyInAnyOrder("sip:alice@example.com", "sip:bob@example.com");
        List<String> uris = new ArrayList<>();
        store.bindings("sip:bob@example.com").forEach(b -> uris.add(b.contactUri()));
        assertThat(uris).containsExactly("sip:b@h1");
    }

    @Test
    void topViaGetsReceivedAndRport() throws Exception {
        String text = register("c1", 1, "Contact: <sip:a@h1>").replace(";branch=", ";rport;branch=");
        Answer a = handle(parse(text), new Source("198.51.100.7", 40000, "UDP"), T0);
        SipResponse r = (SipResponse) new SipParser().parseDatagram(a.bytes());
        assertThat(r.topVia().rport()).isEqualTo(40000);
        assertThat(r.topVia().received()).isEqualTo("198.51.100.7");
    }

    @Test
    void concurrentRegistrationsOfOneAorAllLand() throws Exception {
        int threads = 4;
        int each = 250;
        TestLocation roomy = TestLocation.at(T0, new UsrlocLimits(threads * each, 1_000_000, 1000, 60, 20));
        Registrar registrar = new Registrar(roomy.store, new RegistrarConfig(60, 7200, 3600));
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        String text = "REGISTER sip:example.com SIP/2.0\r\n"
                                + "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-" + id + "-" + i + "\r\n"
                                + "From: <sip:alice@example.com>;tag=f\r\nTo: <sip:alice@example.com>\r\n"
                                + "Call-ID: t" + id + "-" + i + "\r\nCSeq: 1 REGISTER\r\n"
                                + "Contact: <sip:a@h" + id + "-" + i + ">\r\nContent-Length: 0\r\n\r\n";
                        Answer a = registrar.handle(parse(text), SRC, T0);
                        if (a.status() != 200) {
                            throw new AssertionError("status " + a.status());
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        assertThat(roomy.bindings("sip:alice@example.com")).hasSize(threads * each);
    }

    @Test
    void aRegistrationBeyondTheAorLimitIsRefusedWith503AndTheOthersStay() throws Exception {
        TestLocation small = TestLocation.at(T0, new UsrlocLimits(2, 1_000_000, 1000, 60, 20));
        Registrar registrar = new Registrar(small.store, new RegistrarConfig(60, 7200, 3600));
        Answer a = registrar.handle(parse(register("c1", 1, "Contact: <sip:a@h1>", "Contact: <sip:a@h2>")), SRC, T0);
        assertThat(a.status()).isEqualTo(200);
        Answer refused = registrar.handle(parse(register("c2", 1, "Contact: <sip:a@h3>")), SRC, T0);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(new String(refused.bytes(), StandardCharsets.UTF_8)).startsWith("SIP/2.0 503 Too Many Registered Contacts");
        assertThat(small.bindings("sip:alice@example.com")).extracting(Binding::contactUri)
                .containsExactlyInAnyOrder("sip:a@h1", "sip:a@h2");
    }

    @Test
    void aCseqOf2To31IsRefusedAsMalformed() throws Exception {
        SipResponse r = send(register("c1", 2_147_483_648L, "Contact: <sip:a@h1>"), T0);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(bindings()).isEmpty();
    }
}
