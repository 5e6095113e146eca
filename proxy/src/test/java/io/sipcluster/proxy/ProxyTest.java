package io.sipcluster.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyTest {
    static final Hop PROXY = Hop.udp("10.0.0.1", 5060);
    static final Hop CALLER = Hop.udp("10.0.0.10", 5070);
    static final Hop BOB1 = Hop.udp("10.0.0.21", 5080);
    static final Hop BOB2 = Hop.udp("10.0.0.22", 5080);

    record Sent(Hop to, SipMessage message) {
        String startLine() {
            return message.startLine();
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final Map<String, List<Target>> users = new HashMap<>();
    final SipParser parser = new SipParser();
    long now = 1_000;
    final Proxy proxy = new Proxy(ProxyConfig.single(PROXY), this::lookup, CallHooks.NONE, (to, bytes) -> {
        try {
            sent.add(new Sent(to, parser.parseDatagram(bytes)));
        } catch (Exception e) {
            throw new AssertionError("the proxy sent what does not parse: " + new String(bytes), e);
        }
    }, "t3st");

    List<Target> lookup(SipUri uri) {
        return users.get(uri.user());
    }

    ProxyTest() {
        users.put("bob", List.of(new Target("sip:bob@10.0.0.21:5080", BOB1), new Target("sip:bob@10.0.0.22:5080", BOB2)));
        users.put("carol", List.of());
    }

    static String invite(String user, String branch, int maxForwards) {
        return "INVITE sip:" + user + "@10.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=" + branch + "\r\n"
                + "Max-Forwards: " + maxForwards + "\r\n"
                + "From: <sip:alice@10.0.0.1>;tag=a1\r\n"
                + "To: <sip:" + user + "@10.0.0.1>\r\n"
                + "Call-ID: c1@10.0.0.10\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@10.0.0.10:5070>\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** The response {@code status} a UAS at {@code from} gives to the request the proxy sent it. */
    static String answer(SipRequest req, int status, String toTag) throws Exception {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(" X\r\n");
        for (String via : req.headers("Via")) {
            b.append("Via: ").append(via).append("\r\n");
        }
        for (String rr : req.headers("Record-Route")) {
            b.append("Record-Route: ").append(rr).append("\r\n");
        }
        b.append("From: ").append(req.header("From")).append("\r\n");
        b.append("To: ").append(req.header("To")).append(toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        b.append("Call-ID: ").append(req.callId()).append("\r\n");
        b.append("CSeq: ").append(req.cseq().number()).append(' ').append(req.cseq().method()).append("\r\n");
        if (status >= 200 && status < 300) {
            b.append("Contact: <sip:bob@").append(req.requestUri() instanceof SipUri u ? u.host() : "x").append(":5080>\r\n");
        }
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    void request(String text, Hop from) throws Exception {
        proxy.onRequest((SipRequest) parser.parseDatagram(text.getBytes(StandardCharsets.UTF_8)), from, now);
    }

    void response(String text, Hop from) throws Exception {
        proxy.onResponse((SipResponse) parser.parseDatagram(text.getBytes(StandardCharsets.UTF_8)), from, now);
    }

    void advance(long ms) {
        long end = now + ms;
        while (proxy.nextTimerAt() <= end) {
            now = proxy.nextTimerAt();
            proxy.runTimers(now);
        }
        now = end;
    }

    List<Sent> take() {
        List<Sent> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    Sent only(List<Sent> list, Hop to) {
        List<Sent> m = list.stream().filter(s -> s.to().equals(to)).toList();
        assertThat(m).as("messages to " + to).hasSize(1);
        return m.get(0);
    }

    @Test
    void forksToEveryContactAndForwardsTheFirst2xxThenCancelsTheOtherBranch() throws Exception {
        request(invite("bob", "z9hG4bKc1", 70), CALLER);
        List<Sent> out = take();
        assertThat(only(out, CALLER).startLine()).startsWith("SIP/2.0 100");
        SipRequest to1 = (SipRequest) only(out, BOB1).message();
        SipRequest to2 = (SipRequest) only(out, BOB2).message();
        assertThat(to1.requestUriText()).isEqualTo("sip:bob@10.0.0.21:5080");
        assertThat(to2.requestUriText()).isEqualTo("sip:bob@10.0.0.22:5080");
        assertThat(to1.maxForwards()).isEqualTo(69);
        assertThat(to1.header("Record-Route")).isEqualTo("<sip:10.0.0.1:5060;lr>");
        assertThat(to1.vias()).hasSize(2);
        assertThat(to1.topVia().branch()).isNotEqualTo(to2.topVia().branch());

        response(answer(to1, 180, "b1"), BOB1);
        response(answer(to2, 180, "b2"), BOB2);
        out = take();
        assertThat(out).extracting(Sent::to).containsOnly(CALLER);
        assertThat(out).hasSize(2);
        assertThat(((SipResponse) out.get(0).message()).vias()).hasSize(1);

        response(answer(to1, 200, "b1"), BOB1);
        out = take();
        assertThat(only(out, CALLER).startLine()).startsWith("SIP/2.0 200");
        SipRequest cancel = (SipRequest) only(out, BOB2).message();
        assertThat(cancel.method()).isEqualTo("CANCEL");
        assertThat(cancel.topVia().branch()).isEqualTo(to2.topVia().branch());

        // the 2xx retransmitted by bob goes up statelessly; bob2's 487 is acknowledged hop by hop and not sent up
        response(answer(to1, 200, "b1"), BOB1);
        assertThat(only(take(), CALLER).startLine()).startsWith("SIP/2.0 200");
        response(answer(cancel, 200, "b2"), BOB2);
        response(answer(to2, 487, "b2"), BOB2);
        out = take();
        SipRequest ack = (SipRequest) only(out, BOB2).message();
        assertThat(ack.method()).isEqualTo("ACK");
        assertThat(ack.header("To")).contains("tag=b2");
        assertThat(out).noneMatch(s -> s.to().equals(CALLER));
    }

    @Test
    void bestFinalResponseGoesUpAfterEveryBranchEndedAndIsRetransmittedUntilAcked() throws Exception {
        request(invite("bob", "z9hG4bKc2", 70), CALLER);
        List<Sent> out = take();
        SipRequest to1 = (SipRequest) only(out, BOB1).message();
        SipRequest to2 = (SipRequest) only(out, BOB2).message();
        response(answer(to1, 486, "b1"), BOB1);
        assertThat(only(take(), BOB1).startLine()).startsWith("ACK ");
        response(answer(to2, 503, "b2"), BOB2);
        out = take();
        assertThat(only(out, CALLER).startLine()).startsWith("SIP/2.0 486");

        advance(500);
        assertThat(only(take(), CALLER).startLine()).startsWith("SIP/2.0 486");
        request(invite("bob", "z9hG4bKc2", 70).replace("INVITE sip", "ACK sip").replace("1 INVITE", "1 ACK"), CALLER);
        advance(10_000);
        assertThat(take()).isEmpty();
        advance(40_000);
        assertThat(proxy.transactions()).isZero();
    }

    @Test
    void aSilentBranchIsRetransmittedThenAnswered408() throws Exception {
        users.put("dave", List.of(new Target("sip:dave@10.0.0.21:5080", BOB1)));
        request(invite("dave", "z9hG4bKc3", 70), CALLER);
        take();
        advance(31_999);
        // Timer A: 500, 1000, 2000, ... ms apart until Timer B (32 s): 6 retransmissions
        assertThat(take()).hasSize(6).allMatch(s -> s.to().equals(BOB1));
        advance(1);
        assertThat(only(take(), CALLER).startLine()).startsWith("SIP/2.0 408");
    }

    @Test
    void cancelFromTheCallerCancelsRingingBranchesAndAnswers487() throws Exception {
        users.put("erin", List.of(new Target("sip:erin@10.0.0.21:5080", BOB1)));
        request(invite("erin", "z9hG4bKc4", 70), CALLER);
        SipRequest to1 = (SipRequest) only(take(), BOB1).message();
        response(answer(to1, 180, "e1"), BOB1);
        take();
        request(invite("erin", "z9hG4bKc4", 70).replace("INVITE sip", "CANCEL sip").replace("1 INVITE", "1 CANCEL"),
                CALLER);
        List<Sent> out = take();
        assertThat(only(out, CALLER).startLine()).startsWith("SIP/2.0 200");
        SipRequest cancel = (SipRequest) only(out, BOB1).message();
        assertThat(cancel.method()).isEqualTo("CANCEL");
        response(answer(to1, 487, "e1"), BOB1);
        out = take();
        assertThat(only(out, BOB1).startLine()).startsWith("ACK ");
        assertThat(only(out, CALLER).startLine()).startsWith("SIP/2.0 487");
    }

    @Test
    void answersItselfWhenNobodyCanBeReached() throws Exception {
        request(invite("nobody", "z9hG4bKd1", 70), CALLER);
        assertThat(take()).extracting(Sent::startLine).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 404 Not Found");
        request(invite("carol", "z9hG4bKd2", 70), CALLER);
        assertThat(take().get(1).startLine()).startsWith("SIP/2.0 480");
        request(invite("bob", "z9hG4bKd3", 0), CALLER);
        assertThat(take().get(1).startLine()).startsWith("SIP/2.0 483");
        request(invite("bob", "z9hG4bKd1", 70), CALLER); // a retransmission: the same 404 again, nothing forked
        assertThat(take()).extracting(Sent::startLine).containsExactly("SIP/2.0 404 Not Found");
    }

    @Test
    void aRequestThatComesBackUnchangedIsALoop() throws Exception {
        users.put("loop", List.of(new Target("sip:loop@10.0.0.1", PROXY)));
        request(invite("loop", "z9hG4bKl1", 70), CALLER);
        SipRequest looped = (SipRequest) only(take(), PROXY).message();
        proxy.onRequest(looped, PROXY, now);
        // back with the same Request-URI, tags, Call-ID and CSeq, and our Via in it: 482, nothing forwarded again
        assertThat(take()).extracting(Sent::startLine).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 482 Loop Detected");
        assertThat(proxy.counters().loops()).isEqualTo(1);
    }

    @Test
    void aTcpContactGetsTheRequestOverTcpAndTheAnswerGoesBackOnTheCallersConnection() throws Exception {
        Hop tcpListener = new Hop("10.0.0.1", 5070, "TCP");
        List<Sent> out = new ArrayList<>();
        Proxy tcpProxy = new Proxy(new ProxyConfig(PROXY, "sip:10.0.0.1;lr", List.of(PROXY), java.util.Set.of(),
                false, 10, SipTimers.RFC3261, tcpListener),
                uri -> List.of(new Target("sip:dave@10.0.0.40:5080;transport=tcp", new Hop("10.0.0.40", 5080, "TCP"))),
                CallHooks.NONE, (to, bytes) -> {
                    try {
                        out.add(new Sent(to, parser.parseDatagram(bytes)));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, "tcp1");
        Hop callerConnection = new Hop("10.0.0.10", 40_123, "TCP"); // the caller's ephemeral source port
        tcpProxy.onRequest((SipRequest) parser.parseDatagram(invite("dave", "z9hG4bKt1", 70)
                .getBytes(StandardCharsets.UTF_8)), callerConnection, now);
        assertThat(out.get(0).to()).as("100 Trying on the caller's connection").isEqualTo(callerConnection);
        SipRequest forwarded = (SipRequest) out.get(1).message();
        assertThat(out.get(1).to()).isEqualTo(new Hop("10.0.0.40", 5080, "TCP"));
        assertThat(forwarded.topVia().transport()).isEqualTo("TCP");
        assertThat(forwarded.topVia().port()).isEqualTo(5070);
        now += 10_000;
        tcpProxy.runTimers(now);
        assertThat(out).as("no retransmission over TCP").hasSize(2);
    }

    @Test
    void inDialogRequestsFollowTheRouteAndStripOurs() throws Exception {
        String bye = "BYE sip:bob@10.0.0.21:5080 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bKb1\r\n"
                + "Route: <sip:10.0.0.1:5060;lr>\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@10.0.0.1>;tag=a1\r\n"
                + "To: <sip:bob@10.0.0.1>;tag=b1\r\n"
                + "Call-ID: c9@10.0.0.10\r\n"
                + "CSeq: 2 BYE\r\n"
                + "Content-Length: 0\r\n\r\n";
        request(bye, CALLER);
        SipRequest out = (SipRequest) only(take(), BOB1).message();
        assertThat(out.headers("Route")).isEmpty();
        assertThat(out.requestUriText()).isEqualTo("sip:bob@10.0.0.21:5080");
        response(answer(out, 200, null), BOB1);
        assertThat(only(take(), CALLER).startLine()).startsWith("SIP/2.0 200");
    }

    @Test
    void aRenumberedInDialogRequestGoesOnWithTheDialogsCseqAndItsAnswerComesBackWithTheCallers() throws Exception {
        List<Sent> out = new ArrayList<>();
        CallHooks renumbering = new CallHooks() {
            @Override
            public Refusal admit(SipRequest invite, Hop from, long now) {
                return null;
            }

            @Override
            public void answered(SipRequest invite, int status, SipResponse response, long now) {}

            @Override
            public InDialog inDialog(SipRequest request, Hop from, long now) {
                return new InDialog(null, 7);
            }
        };
        Proxy p = new Proxy(ProxyConfig.single(PROXY), this::lookup, renumbering, (to, bytes) -> {
            try {
                out.add(new Sent(to, parser.parseDatagram(bytes)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "cseq1");
        String bye = "BYE sip:bob@10.0.0.21:5080 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.10:5070;branch=z9hG4bKr1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@10.0.0.1>;tag=a1\r\nTo: <sip:bob@10.0.0.1>;tag=b1\r\n"
                + "Call-ID: c7@10.0.0.10\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        p.onRequest((SipRequest) parser.parseDatagram(bye.getBytes(StandardCharsets.UTF_8)), CALLER, now);
        SipRequest forwarded = (SipRequest) only(out, BOB1).message();
        assertThat(forwarded.cseq().number()).isEqualTo(7);
        p.onResponse((SipResponse) parser.parseDatagram(answer(forwarded, 200, null).getBytes(StandardCharsets.UTF_8)),
                BOB1, now);
        SipResponse up = (SipResponse) only(out, CALLER).message();
        assertThat(up.cseq().number()).isEqualTo(2);
        assertThat(up.cseq().method()).isEqualTo("BYE");
    }
}
