package io.sipcluster.wire.mi;

import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.WireName;
import java.util.List;

/**
 * A {@code sipcluster-mi} packet: a management command for another node, or that node's answer. OpenSIPS's
 * {@code MI_CMD} runs a command remotely but never says how it went; these carry a request id, so that the result
 * comes back to the node that asked. Only nodes that announce {@link Capability#SIPCLUSTER_MI} in their
 * CAP_UPDATEs are sent these; OpenSIPS nodes would drop them (an unknown capability).
 *
 * <pre>
 *   REQUEST (type 1): long request_id, str cmd_name (at most 255 bytes), int no_params (0..20), str param x no_params
 *   REPLY   (type 2): long request_id, int status, str body
 *   then the usual trailer: int cluster_id, int src_node_id, int dst_node_id
 * </pre>
 * A long is 8 bytes, little-endian like every BIN integer. {@code request_id} is chosen by the requester and
 * only has to be unique among its own requests. A REPLY's {@code status} is {@link Reply#STATUS_OK} when the
 * command ran, with the JSON text of its result as the body; any other value is an error code with a message.
 */
public sealed interface MiPacket extends Routable {
    long requestId();

    @Override
    default Capability capability() {
        return Capability.SIPCLUSTER_MI;
    }

    @Override
    default int version() {
        return MiPacketType.VERSION;
    }

    /** Run {@code command} with positional {@code params} and send back a {@link Reply} with the same id. */
    record Request(long requestId, @WireName("cmd_name") Str command, @WireName("param") List<Str> params,
                   Trailer trailer) implements MiPacket {
        public Request {
            if (command.length() > WireLimits.MAX_MI_COMMAND_BYTES) {
                throw new IllegalArgumentException("command name over " + WireLimits.MAX_MI_COMMAND_BYTES + " bytes");
            }
            if (params.size() > WireLimits.MAX_MI_PARAMS) {
                throw new IllegalArgumentException("more than " + WireLimits.MAX_MI_PARAMS + " parameters");
            }
            params = List.copyOf(params);
        }

        @Override
        public int packetType() {
            return MiPacketType.REQUEST;
        }

        @Override
        public Request withTrailer(Trailer t) {
            return new Request(requestId, command, params, t);
        }
    }

    /** The outcome of request {@code requestId}: a status code and the result (JSON text) or an error message. */
    record Reply(long requestId, int status, Str body, Trailer trailer) implements MiPacket {
        /** The command ran; the body is its result as JSON text. */
        public static final int STATUS_OK = 200;
        /** The command ran but its result does not fit one BIN packet; the body says how large it was. */
        public static final int STATUS_RESULT_TOO_LARGE = 413;

        @Override
        public int packetType() {
            return MiPacketType.REPLY;
        }

        @Override
        public Reply withTrailer(Trailer t) {
            return new Reply(requestId, status, body, t);
        }
    }
}
