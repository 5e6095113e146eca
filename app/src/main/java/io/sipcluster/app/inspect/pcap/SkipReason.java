package io.sipcluster.app.inspect.pcap;

/** Why a frame of a capture did not yield a TCP segment. */
public enum SkipReason {
    NOT_IP("not IPv4 or IPv6"),
    NOT_TCP("IP packet that is not TCP"),
    IP_FRAGMENT("IP fragment (fragments are not reassembled)"),
    TRUNCATED_HEADERS("headers cut short by the capture"),
    MALFORMED_HEADERS("impossible header values"),
    CAPTURED_LENGTH_OVER_SNAPLEN("captured length larger than the file's snapshot length");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
