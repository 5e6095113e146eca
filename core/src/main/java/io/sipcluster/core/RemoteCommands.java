package io.sipcluster.core;

import io.sipcluster.core.command.CommandOutcome;
import io.sipcluster.core.command.CommandSubmission;
import io.sipcluster.core.command.CommandSubmission.Status;
import io.sipcluster.core.command.PendingCommands;
import io.sipcluster.core.command.PendingCommands.Pending;
import io.sipcluster.core.command.RequestIds;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.PacketTooLargeException;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.ExtraMessage.MiCmd;
import io.sipcluster.wire.mi.MiPacket.Reply;
import io.sipcluster.wire.mi.MiPacket.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Management commands run on other nodes, with the result coming back, which OpenSIPS does not do (its MI_CMD
 * runs the command and only logs how it went). A node that announces {@code sipcluster-mi} in its CAP_UPDATEs is
 * sent a REQUEST with an id, runs the command (the host does, on {@link ClusterEvent.CommandReceived}) and sends a
 * REPLY with the same id; the requester publishes it as {@link ClusterEvent.CommandResult}, or publishes a timeout
 * or the node's loss instead. Any other node (OpenSIPS) is sent the plain MI_CMD, and the requester says at once
 * that no result will come. Every accepted command ends in exactly one CommandResult.
 *
 * <p>One per engine: request ids and the pending table span its clusters.
 */
final class RemoteCommands {
    private final int nodeId;
    private final IntFunction<ClusterState> clusters;
    private final RequestIds ids;
    private final PendingCommands pending = new PendingCommands();
    /** Reused to measure packets before sending them (the engine is single-threaded). */
    private final BinWriter sizing = new BinWriter();

    /** @param clusters the engine's cluster of an id, or null */
    RemoteCommands(int nodeId, int startSeconds, IntFunction<ClusterState> clusters) {
        this.nodeId = nodeId;
        this.ids = new RequestIds(startSeconds);
        this.clusters = clusters;
    }

    CommandSubmission send(int clusterId, int dst, String command, List<String> params, long timeoutMillis,
                           long now, Effects fx) {
        List<Str> args = checked(command, params, timeoutMillis);
        ClusterState c = clusters.apply(clusterId);
        if (c == null || dst == nodeId || !c.knows(dst)) {
            return CommandSubmission.refused(dst, Status.UNKNOWN_DESTINATION);
        }
        return sendChecked(c, dst, Str.of(command), args, timeoutMillis, now, fx);
    }

    /** To every enabled node of the cluster: a submission for each, refused where the node cannot be reached. */
    List<CommandSubmission> broadcast(ClusterState c, String command, List<String> params, long timeoutMillis,
                                      long now, Effects fx) {
        List<Str> args = checked(command, params, timeoutMillis);
        List<CommandSubmission> out = new ArrayList<>();
        for (int dst : c.enabledNodeIds()) {
            out.add(sendChecked(c, dst, Str.of(command), args, timeoutMillis, now, fx));
        }
        return out;
    }

    private CommandSubmission sendChecked(ClusterState c, int dst, Str command, List<Str> args, long timeoutMillis,
                                          long now, Effects fx) {
        if (!c.selfEnabled()) {
            return CommandSubmission.refused(dst, Status.LOCAL_NODE_DISABLED);
        }
        if (!c.reachableNodes().contains(dst)) {
            return CommandSubmission.refused(dst, Status.DESTINATION_DOWN);
        }
        boolean answers = answersCommands(c, dst);
        if (answers && pending.isFull()) {
            return CommandSubmission.refused(dst, Status.TOO_MANY_PENDING);
        }
        long id = ids.next();
        Routable packet = answers ? new Request(id, command, args, Trailer.UNADDRESSED)
                : new MiCmd(command, args, Trailer.UNADDRESSED);
        if (!fits(packet)) {
            return CommandSubmission.refused(dst, Status.TOO_LARGE);
        }
        SendResult sent = c.send(dst, packet, now, fx);
        if (sent != SendResult.SENT) {
            return CommandSubmission.refused(dst, Status.DESTINATION_DOWN);
        }
        if (!answers) {
            fx.publish(new ClusterEvent.CommandResult(c.clusterId(), dst, id, CommandOutcome.NO_RESULT_FROM_OPENSIPS,
                    0, Str.EMPTY));
            return new CommandSubmission(dst, id, Status.SENT_WITHOUT_RESULT);
        }
        pending.add(new Pending(id, c.clusterId(), dst, now + timeoutMillis));
        return new CommandSubmission(dst, id, Status.AWAITING_RESULT);
    }

    /**
     * The node can send a result back: management did not disable sipcluster-mi here, the node announces it as
     * usable, and so does the neighbour the REQUEST leaves through (an OpenSIPS relay would drop a capability it
     * does not know). Nodes further along the path are not known from here; if one of them drops the request, the
     * command times out.
     */
    private static boolean answersCommands(ClusterState c, int dst) {
        Capability mi = Capability.SIPCLUSTER_MI;
        int hop = c.nextHop(dst);
        return c.capabilityEnabled(mi) && c.remoteSynced(dst, mi) && (hop == dst || c.remoteSynced(hop, mi));
    }

    /** The host ran a command from {@code requesterNodeId}: its result goes back in a REPLY. */
    SendResult reply(int clusterId, int requesterNodeId, long requestId, int status, Str body, long now, Effects fx) {
        if (requestId < 0) {
            throw new IllegalArgumentException("a plain MI_CMD (request id -1) from OpenSIPS takes no reply");
        }
        ClusterState c = clusters.apply(clusterId);
        if (c == null) {
            return SendResult.UNKNOWN_DESTINATION;
        }
        Reply reply = new Reply(requestId, status, body, Trailer.UNADDRESSED);
        if (!fits(reply)) {
            reply = new Reply(requestId, Reply.STATUS_RESULT_TOO_LARGE, Str.of("the result of " + body.length()
                    + " bytes does not fit a BIN packet of " + WireLimits.MAX_PACKET_BYTES), Trailer.UNADDRESSED);
        }
        return c.send(requesterNodeId, reply, now, fx);
    }

    /** OpenSIPS's MI_CMD arrived: the host runs it; nobody awaits the result. */
    void onMiCmd(int clusterId, int src, MiCmd m, Effects fx) {
        fx.publish(new ClusterEvent.CommandReceived(clusterId, src, -1, m.cmdName().toString(), texts(m.params())));
    }

    void onPacket(int clusterId, int src, Routable p, Effects fx) {
        if (p instanceof Request q) {
            fx.publish(new ClusterEvent.CommandReceived(clusterId, src, q.requestId(), q.command().toString(),
                    texts(q.params())));
        } else if (p instanceof Reply r) {
            onReply(clusterId, src, r, fx);
        } else {
            fx.publish(new ClusterEvent.Ignored(clusterId, src, IgnoreReason.UNSUPPORTED,
                    "sipcluster-mi packet type " + p.packetType() + " of version " + p.version()));
        }
    }

    private void onReply(int clusterId, int src, Reply r, Effects fx) {
        if (pending.complete(r.requestId(), clusterId, src) == null) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src, IgnoreReason.UNEXPECTED,
                    "reply to no pending request (" + r.requestId() + ")"));
            return;
        }
        CommandOutcome outcome = r.status() == Reply.STATUS_OK ? CommandOutcome.OK : CommandOutcome.ERROR;
        fx.publish(new ClusterEvent.CommandResult(clusterId, src, r.requestId(), outcome, r.status(), r.body()));
    }

    /** Requests past their deadline time out; those to nodes no longer reachable end at once. */
    void tick(long now, Effects fx) {
        for (Pending p : pending.expire(now)) {
            end(p, CommandOutcome.TIMEOUT, fx);
        }
        for (Pending p : pending.removeIf(p -> !reachable(p))) {
            end(p, CommandOutcome.UNREACHABLE, fx);
        }
    }

    int pendingCount() {
        return pending.size();
    }

    private boolean reachable(Pending p) {
        ClusterState c = clusters.apply(p.clusterId());
        return c != null && c.reachableNodes().contains(p.nodeId());
    }

    private static void end(Pending p, CommandOutcome outcome, Effects fx) {
        fx.publish(new ClusterEvent.CommandResult(p.clusterId(), p.nodeId(), p.requestId(), outcome, 0, Str.EMPTY));
    }

    /** Whether the packet, once addressed, fits one BIN packet (a trailer is 12 bytes whatever its values). */
    private boolean fits(Routable p) {
        try {
            BinCodec.encode(p, sizing);
            return true;
        } catch (PacketTooLargeException e) {
            return false;
        }
    }

    private static List<Str> checked(String command, List<String> params, long timeoutMillis) {
        Str name = Str.of(command);
        if (name.isEmpty() || name.length() > WireLimits.MAX_MI_COMMAND_BYTES) {
            throw new IllegalArgumentException("command name must be 1.." + WireLimits.MAX_MI_COMMAND_BYTES + " bytes");
        }
        if (params.size() > WireLimits.MAX_MI_PARAMS) {
            throw new IllegalArgumentException("at most " + WireLimits.MAX_MI_PARAMS + " parameters");
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be > 0 ms");
        }
        return params.stream().map(Str::of).toList();
    }

    private static List<String> texts(List<Str> strs) {
        return strs.stream().map(Str::toString).toList();
    }
}
