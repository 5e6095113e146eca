package io.sipcluster.sip;

import static io.sipcluster.sip.Rfc4475Test.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every limit holds at its value and fails one past it, naming what was too big. */
class SipLimitsTest {
    private static final SipLimits SMALL = new SipLimits(2048, 1024, 8, 128, 4, 3);
    private static final SipParser PARSER = new SipParser(SMALL);

    @Test
    void messageSize() throws MalformedSipException {
        int headLength = datagram("MESSAGE sip:a@b SIP/2.0", 0).length;
        int bodyAtLimit = SMALL.maxMessageBytes() - headLength;
        assertThat(PARSER.parseDatagram(datagram("MESSAGE sip:a@b SIP/2.0", bodyAtLimit)).length())
                .isEqualTo(SMALL.maxMessageBytes());
        assertThat(field(datagram("MESSAGE sip:a@b SIP/2.0", bodyAtLimit + 1))).isEqualTo("message");
    }

    @Test
    void headerSectionSize() {
        StringBuilder s = new StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n");
        s.append("X: ").append("a".repeat(100)).append("\r\n");
        while (s.length() < 1100) {
            s.append("Subject: ").append("b".repeat(60)).append("\r\n");
        }
        SipParser manyFields = new SipParser(new SipLimits(2048, 1024, 100, 128, 4, 3));
        byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> manyFields.parseDatagram(b)).isInstanceOfSatisfying(MalformedSipException.class,
                e -> assertThat(e).hasMessage("header section: longer than 1024 bytes"));
    }

    @Test
    void headerFieldCount() throws MalformedSipException {
        String[] eight = new String[8];
        java.util.Arrays.fill(eight, "X-A: 1");
        assertThat(PARSER.parseDatagram(Messages.lines(lines("OPTIONS sip:a@b SIP/2.0", eight))).headerFieldCount())
                .isEqualTo(8);
        String[] nine = new String[9];
        java.util.Arrays.fill(nine, "X-A: 1");
        assertThat(field(Messages.lines(lines("OPTIONS sip:a@b SIP/2.0", nine)))).isEqualTo("header section");
    }

    @Test
    void headerFieldLengthCountsFoldsAndNamesTheHeader() throws MalformedSipException {
        // "Subject: " + value + CRLF = 128 bytes exactly
        String atLimit = "Subject: " + "x".repeat(128 - 11);
        assertThat(PARSER.parseDatagram(Messages.lines("OPTIONS sip:a@b SIP/2.0", atLimit, "")).header("Subject"))
                .hasSize(117);
        assertThat(field(Messages.lines("OPTIONS sip:a@b SIP/2.0", atLimit + "x", ""))).isEqualTo("Subject");
        assertThat(field(Messages.lines("OPTIONS sip:a@b SIP/2.0", "Subject: " + "x".repeat(60), " " + "y".repeat(60),
                ""))).isEqualTo("Subject");
    }

    @Test
    void valuesPerHeaderOverAllItsLines() throws MalformedSipException {
        SipMessage four = PARSER.parseDatagram(Messages.lines("OPTIONS sip:a@b SIP/2.0",
                "Via: SIP/2.0/UDP a, SIP/2.0/UDP b", "v: SIP/2.0/UDP c, SIP/2.0/UDP d", "l: 0", ""));
        assertThat(four.vias()).hasSize(4);
        SipMessage five = PARSER.parseDatagram(Messages.lines("OPTIONS sip:a@b SIP/2.0",
                "Via: SIP/2.0/UDP a, SIP/2.0/UDP b", "v: SIP/2.0/UDP c, SIP/2.0/UDP d", "Via: SIP/2.0/UDP e",
                "Contact: <sip:a>, <sip:b>, <sip:c>, <sip:d>, <sip:e>",
                "Route: <sip:a>, <sip:b>, <sip:c>, <sip:d>, <sip:e>",
                "Supported: a, b, c, d, e",
                "l: 0", ""));
        assertField(five::vias, "Via");
        assertField(five::contacts, "Contact");
        assertField(five::routes, "Route");
        assertField(five::supported, "Supported");
    }

    @Test
    void parametersPerValueAndPerUri() throws MalformedSipException {
        SipMessage m = PARSER.parseDatagram(Messages.lines("OPTIONS sip:a@b SIP/2.0",
                "From: <sip:a@b;p1;p2;p3>;tag=1;x=2;y=3",
                "To: <sip:a@b>;tag=1;x=2;y=3;z=4",
                "Contact: <sip:a@b;p1;p2;p3;p4>",
                "l: 0", ""));
        assertThat(m.from().params().size()).isEqualTo(3);
        assertThat(((SipUri) m.from().uri()).params().size()).isEqualTo(3);
        assertField(m::to, "To");
        assertField(m::contacts, "Contact");
    }

    @Test
    void limitsMustBePositiveAndConsistent() {
        assertThatThrownBy(() -> new SipLimits(0, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipLimits(100, 200, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipLimits(100, 100, 1, 1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String field(byte[] datagram) {
        try {
            PARSER.parseDatagram(datagram);
            return "parsed";
        } catch (MalformedSipException e) {
            return e.field();
        }
    }

    /** A message with a body of {@code bodyBytes}, Content-Length written with four digits. */
    private static byte[] datagram(String startLine, int bodyBytes) {
        String head = startLine + "\r\nContent-Length: " + String.format("%04d", bodyBytes) + "\r\n\r\n";
        return (head + "z".repeat(bodyBytes)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The start line, the fields, and the empty line. */
    private static String[] lines(String first, String[] fields) {
        String[] all = new String[fields.length + 2];
        all[0] = first;
        System.arraycopy(fields, 0, all, 1, fields.length);
        all[fields.length + 1] = "";
        return all;
    }
}
