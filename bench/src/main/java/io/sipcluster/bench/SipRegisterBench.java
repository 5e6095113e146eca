package io.sipcluster.bench;

import io.sipcluster.sip.Contact;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.ResponseBuilder;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A registrar's work on one REGISTER with the {@code sip} module, without the transport: parse the datagram, read
 * what a registrar needs (top Via branch, From and To tags, Call-ID, CSeq, the Contact and its expires, Expires),
 * and write the 200 OK that echoes the binding with its granted expires, into one reused {@link SipWriter}, as a
 * sender does.
 *
 * <p>Inputs ({@code message}): {@code sipp} is the REGISTER of the SIP stack bake-off's load test
 * (research/sip-stack-bakeoff.md §3, 325 bytes), {@code outbound} a fuller one from an RFC 5626 phone (Via with
 * rport, Contact with +sip.instance and reg-id, Supported, Allow, digest Authorization; 889 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class SipRegisterBench {
    private static final String SIPP = String.join("\r\n",
            "REGISTER sip:bake.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:15070;branch=z9hG4bK-2718-41-0",
            "Max-Forwards: 70",
            "From: <sip:r1u41@bake.test>;tag=2718SIPpTag0041",
            "To: <sip:r1u41@bake.test>",
            "Call-ID: 41-2718@127.0.0.1",
            "CSeq: 1 REGISTER",
            "Contact: <sip:r1u41@127.0.0.1:15070>",
            "Expires: 3600",
            "User-Agent: sipp-bakeoff",
            "Content-Length: 0",
            "", "");

    private static final String OUTBOUND = String.join("\r\n",
            "REGISTER sip:example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.168.1.23:50644;branch=z9hG4bK-524287-1---a2b8d2c3f1e7d6c5;rport",
            "Max-Forwards: 70",
            "Contact: <sip:alice@192.168.1.23:50644;rinstance=7d1fa2e9c0b34a11;transport=UDP;ob>"
                    + ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1",
            "To: \"Alice\" <sip:alice@example.com>",
            "From: \"Alice\" <sip:alice@example.com>;tag=5a6f2b1c",
            "Call-ID: ZjE0NWI3MjQ4ZDM2N2M0NGJjMjE5ZGQ3NjYyZGVmMjA",
            "CSeq: 2 REGISTER",
            "Expires: 600",
            "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE",
            "Supported: replaces, norefersub, extended-refer, timer, outbound, path, X-cisco-serviceuri",
            "User-Agent: Z 5.6.2 v2.10.20.5",
            "Authorization: Digest username=\"alice\",realm=\"example.com\",nonce=\"Y2V0YXBvc3RhbHVuZ2Vub25jZQ\","
                    + "uri=\"sip:example.com\",response=\"6629fae49393a05397450978507c4ef1\",algorithm=MD5,"
                    + "cnonce=\"0a4f113b\",qop=auth,nc=00000001",
            "Allow-Events: presence, kpml, talk",
            "Content-Length: 0",
            "", "");

    private static final long GRANTED_EXPIRES = 3600;

    @Param({"sipp", "outbound"})
    public String message;

    private final SipParser parser = new SipParser();
    private final SipWriter writer = new SipWriter(1024);
    private byte[] datagram;
    private SipRequest parsed;
    private Contact binding;

    @Setup
    public void setUp() throws MalformedSipException {
        datagram = (message.equals("sipp") ? SIPP : OUTBOUND).getBytes(StandardCharsets.US_ASCII);
        parsed = (SipRequest) parser.parseDatagram(datagram);
        read(parsed);
        binding = parsed.contacts().get(0);
        answer();
        checkAnswer();
    }

    /** Parse and read what a registrar reads. */
    @Benchmark
    public long parse() throws MalformedSipException {
        return read((SipRequest) parser.parseDatagram(datagram));
    }

    /** Write the 200 OK of an already parsed and read REGISTER. */
    @Benchmark
    public int buildOk() {
        writer.reset();
        ResponseBuilder.of(parsed, 200).toTag("reg7f3a").contact(binding, GRANTED_EXPIRES).writeTo(writer);
        return writer.length();
    }

    /** The whole registrar step: parse, read, answer. */
    @Benchmark
    public int answer() throws MalformedSipException {
        SipRequest r = (SipRequest) parser.parseDatagram(datagram);
        long read = read(r);
        writer.reset();
        ResponseBuilder.of(r, 200).toTag("reg7f3a").contact(r.contacts().get(0), GRANTED_EXPIRES).writeTo(writer);
        return writer.length() + (int) read;
    }

    /** The fields a registrar uses, folded into a number that JMH consumes so nothing is optimised away. */
    private static long read(SipRequest r) throws MalformedSipException {
        Contact contact = r.contacts().get(0);
        return r.topVia().branch().length() + r.from().tag().length() + (r.to().tag() == null ? 0 : 1)
                + r.callId().length() + r.cseq().number() + contact.expires() + r.expires()
                + r.method().length() + contact.uri().text().length();
    }

    /** The answer is the one the bake-off's sipp scenario accepts: a To tag and the Contact with expires=3600. */
    private void checkAnswer() throws MalformedSipException {
        byte[] out = java.util.Arrays.copyOf(writer.array(), writer.length());
        SipResponse ok = (SipResponse) parser.parseStreamMessage(out, 0, out.length);
        if (ok.statusCode() != 200 || !"reg7f3a".equals(ok.to().tag())
                || ok.contacts().get(0).expires() != GRANTED_EXPIRES
                || !ok.callId().equals(parsed.callId())) {
            throw new IllegalStateException("unexpected answer:\n" + new String(out, StandardCharsets.US_ASCII));
        }
    }
}
