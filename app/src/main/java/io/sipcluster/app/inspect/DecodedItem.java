package io.sipcluster.app.inspect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.wire.BinMessage;

/**
 * One packet found in an input file, decoded or not.
 *
 * @param flow "src -> dst" of the TCP connection for a pcap, or null for a plain file
 * @param offset byte offset of the packet in the file, or in the reassembled TCP stream of the flow
 * @param error what was wrong, or null when {@code message} holds the packet
 */
record DecodedItem(String file, String flow, long offset, BinMessage message, int length, String error) {
    static DecodedItem ok(String file, String flow, long offset, BinMessage m, int length) {
        return new DecodedItem(file, flow, offset, m, length, null);
    }

    static DecodedItem bad(String file, String flow, long offset, String error) {
        return new DecodedItem(file, flow, offset, null, 0, error);
    }

    String location() {
        return file + (flow != null ? " [" + flow + "]" : "") + " offset " + offset;
    }

    ObjectNode sourceJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", file);
        if (flow != null) {
            o.put("flow", flow);
        }
        o.put("offset", offset);
        return o;
    }
}
