package io.sipcluster.app.inspect.pcap;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The pcap link-layer header types we can take apart (values from the tcpdump.org LINKTYPE_ list). */
public enum LinkType {
    /** BSD loopback: a 4-byte address family in the byte order of the host that wrote the file. */
    NULL(0),
    /** Ethernet, possibly with 802.1Q / 802.1ad VLAN tags. */
    EN10MB(1),
    /** Bare IPv4 or IPv6. 12 and 14 are the platform DLT_RAW values that some old writers put in files. */
    RAW(101, 12, 14),
    /** OpenBSD loopback: like NULL, but the family is in network byte order. */
    LOOP(108),
    /** Linux "cooked" capture (tcpdump -i any before libpcap 1.10). */
    LINUX_SLL(113),
    /** Linux "cooked" capture v2 (tcpdump -i any since libpcap 1.10). */
    LINUX_SLL2(276);

    private final int[] codes;

    LinkType(int... codes) {
        this.codes = codes;
    }

    /** The code normally written for this type. */
    public int code() {
        return codes[0];
    }

    /** The type with this code, or null when we do not support it. */
    public static LinkType ofCode(int code) {
        for (LinkType t : values()) {
            for (int c : t.codes) {
                if (c == code) {
                    return t;
                }
            }
        }
        return null;
    }

    static String supportedList() {
        return Arrays.stream(values()).map(t -> t.name() + " (" + t.code() + ")").collect(Collectors.joining(", "));
    }
}
