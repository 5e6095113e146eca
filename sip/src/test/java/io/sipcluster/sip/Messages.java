package io.sipcluster.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Test messages: the RFC 4475 files, and messages written as lines here. */
final class Messages {
    static final SipParser PARSER = new SipParser();

    private Messages() {}

    /** The RFC 4475 message {@code name} ({@code "wsinv"}), byte for byte. */
    static byte[] rfc4475(String name) {
        try (InputStream in = Messages.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            if (in == null) {
                throw new IllegalArgumentException("no RFC 4475 message " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines joined with CRLF, each line ending in CRLF; pass "" for the empty line before the body. */
    static byte[] lines(String... lines) {
        StringBuilder s = new StringBuilder();
        for (String line : lines) {
            s.append(line).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static SipMessage parse(byte[] datagram) throws MalformedSipException {
        return PARSER.parseDatagram(datagram);
    }

    static SipRequest request(byte[] datagram) throws MalformedSipException {
        return (SipRequest) PARSER.parseDatagram(datagram);
    }

    static SipResponse response(byte[] datagram) throws MalformedSipException {
        return (SipResponse) PARSER.parseDatagram(datagram);
    }

    /** A request with the given header lines after a standard start line, and an empty body. */
    static SipRequest requestWith(String... headerLines) throws MalformedSipException {
        String[] all = Arrays.copyOf(new String[] {"OPTIONS sip:bob@example.com SIP/2.0"}, headerLines.length + 3);
        System.arraycopy(headerLines, 0, all, 1, headerLines.length);
        all[headerLines.length + 1] = "Content-Length: 0";
        all[headerLines.length + 2] = "";
        return request(lines(all));
    }

    /** A typical REGISTER, as sipp sends it in the bake-off (research/sip-stack-bakeoff.md §3). */
    static byte[] register() {
        return lines(
                "REGISTER sip:bake.test SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:15070;branch=z9hG4bK-4242-1-0",
                "Max-Forwards: 70",
                "From: <sip:r1u1@bake.test>;tag=4242SIPpTag001",
                "To: <sip:r1u1@bake.test>",
                "Call-ID: 1-4242@127.0.0.1",
                "CSeq: 1 REGISTER",
                "Contact: <sip:r1u1@127.0.0.1:15070>",
                "Expires: 3600",
                "User-Agent: sipp-bakeoff",
                "Content-Length: 0",
                "");
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
