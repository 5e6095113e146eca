package io.sipcluster.app.calls;

/** sipp scenarios of a caller for the process tests and benches. */
final class Scenarios {
    private Scenarios() {}

    /**
     * INVITE, ACK of the 200, then either a BYE of ours {@code holdMillis} after the answer, or (-1) the wait for the
     * BYE the proxy sends when it ends the call, answered 200.
     */
    static String caller(int holdMillis) {
        String end = holdMillis >= 0 ? """
                  <pause milliseconds="%d"/>
                  <send retrans="500"><![CDATA[
                BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:alice@[local_ip]:[local_port]>;tag=[call_number]x[pid]
                To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                Call-ID: [call_id]
                CSeq: 2 BYE
                Max-Forwards: 70
                Content-Length: 0

                ]]></send>
                  <recv response="200"/>
                """.formatted(holdMillis) : """
                  <recv request="BYE" timeout="60000"/>
                  <send><![CDATA[
                SIP/2.0 200 OK
                [last_Via:]
                [last_From:]
                [last_To:]
                [last_Call-ID:]
                [last_CSeq:]
                Content-Length: 0

                ]]></send>
                """;
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="caller">
                  <send retrans="500"><![CDATA[
                INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:alice@[local_ip]:[local_port]>;tag=[call_number]x[pid]
                To: <sip:[service]@[remote_ip]:[remote_port]>
                Call-ID: [call_id]
                CSeq: 1 INVITE
                Contact: <sip:alice@[local_ip]:[local_port]>
                Max-Forwards: 70
                Content-Type: application/sdp
                Content-Length: [len]

                v=0
                o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                s=-
                c=IN IP[media_ip_type] [media_ip]
                t=0 0
                m=audio [media_port] RTP/AVP 0
                a=rtpmap:0 PCMU/8000

                ]]></send>
                  <recv response="100" optional="true"/>
                  <recv response="180" optional="true"/>
                  <recv response="200" rtd="true"/>
                  <send><![CDATA[
                ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:alice@[local_ip]:[local_port]>;tag=[call_number]x[pid]
                To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                Call-ID: [call_id]
                CSeq: 1 ACK
                Max-Forwards: 70
                Content-Length: 0

                ]]></send>
                """ + end + """
                </scenario>
                """;
    }
}
