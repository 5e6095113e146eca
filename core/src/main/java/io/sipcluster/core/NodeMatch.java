package io.sipcluster.core;

/** Which nodes a module broadcast goes to (OpenSIPS {@code cl_node_match_op}), compared on {@code sip_addr}. */
public enum NodeMatch {
    ANY,
    /** Nodes with the local node's SIP address: the HA peers of one point of presence (usrloc federation). */
    SAME_SIP_ADDR,
    DIFFERENT_SIP_ADDR
}
