package io.sipcluster.dialog.mgmt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.dialog.Dialog;
import io.sipcluster.dialog.Dialogs;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiParams;
import io.sipcluster.mgmt.command.MiResults;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OpenSIPS's dialog management commands, under both spellings ({@code dialog:list} and {@code dlg_list}), with its
 * parameter names, result keys and errors: {@code dlg_list}, {@code dlg_end_dlg}, {@code profile_get_size} and
 * {@code dlg_cluster_sync}.
 */
public final class DialogCommands {
    /** A listing is cut beyond this many dialogs (and says so): a JSON answer must stay bounded. */
    public static final int MAX_LISTED = 100_000;

    private final Dialogs dialogs;
    private final Resync resync;

    /** Asks the cluster for every dialog again; null when dialogs are not replicated. */
    @FunctionalInterface
    public interface Resync {
        CompletableFuture<Void> request();
    }

    public DialogCommands(Dialogs dialogs, Resync resync) {
        this.dialogs = dialogs;
        this.resync = resync;
    }

    public void registerOn(CommandRegistry registry) {
        registry.register(MiCommand.builder("dialog", "list").alias("dlg_list")
                .help("Every dialog, or those of one Call-ID (and From tag)")
                .recipe(p -> list(null, null))
                .recipe(p -> list(p.getString("callid"), null), "callid")
                .recipe(p -> list(p.getString("callid"), p.getString("from_tag")), "callid", "from_tag")
                .build());
        registry.register(MiCommand.builder("dialog", "end_dlg").alias("dlg_end_dlg")
                .help("Ends a confirmed call (by dialog ID or Call-ID) with a BYE to each party")
                .recipe(this::end, "dialog_id")
                .build());
        registry.register(MiCommand.builder("dialog", "profile_get_size")
                .help("How many calls a profile (or one of its values) holds across the cluster")
                .recipe(p -> size(p.getString("profile"), ""), "profile")
                .recipe(p -> size(p.getString("profile"), p.getString("value")), "profile", "value")
                .build());
        registry.register(MiCommand.builder("dialog", "cluster_sync").alias("dlg_cluster_sync")
                .help("Asks a donor node for every dialog again")
                .recipe(p -> clusterSync())
                .build());
    }

    private CompletionStage<JsonNode> list(String callId, String fromTag) {
        ObjectNode result = MiResults.object();
        ArrayNode out = result.putArray("Dialogs");
        int n = 0;
        for (Dialog d : dialogs.snapshot()) {
            if ((callId != null && !d.callId().equals(callId)) || (fromTag != null && !d.callerTag().equals(fromTag))) {
                continue;
            }
            if (++n > MAX_LISTED) {
                result.put("Truncated", true);
                break;
            }
            dialogNode(out.addObject(), d);
        }
        return MiResults.now(result);
    }

    private static void dialogNode(ObjectNode o, Dialog d) {
        o.put("ID", d.id());
        o.put("state", d.state().code());
        o.put("user_flags", "");
        o.put("timestart", d.startSeconds());
        o.put("timeout", d.timeoutSeconds());
        o.put("callid", d.callId());
        o.put("from_uri", d.fromUri());
        o.put("to_uri", d.toUri());
        o.put("caller_tag", d.callerTag());
        o.put("caller_contact", d.callerContact());
        o.put("callee_cseq", d.calleeCseq());
        o.put("caller_route_set", d.callerRouteSet());
        o.put("caller_bind_addr", d.callerSocket());
        ArrayNode callees = o.putArray("CALLEES");
        if (!d.calleeTag().isEmpty()) {
            ObjectNode c = callees.addObject();
            c.put("callee_tag", d.calleeTag());
            c.put("callee_contact", d.calleeContact());
            c.put("caller_cseq", d.callerCseq());
            c.put("callee_route_set", d.calleeRouteSet());
            c.put("callee_bind_addr", d.calleeSocket());
        }
        ObjectNode context = o.putObject("context");
        ArrayNode values = context.putArray("values");
        for (Map.Entry<String, String> v : d.values().entrySet()) {
            values.addObject().put(v.getKey(), v.getValue());
        }
        ArrayNode profiles = context.putArray("profiles");
        for (Dialog.ProfileEntry p : d.profiles()) {
            profiles.addObject().put(p.profile(), p.value());
        }
    }

    private CompletionStage<JsonNode> end(MiParams p) throws MiException {
        String id = p.getString("dialog_id");
        if (id.isEmpty() || id.length() > 256) {
            throw MiException.of(404, "Requested Dialog not found");
        }
        return switch (dialogs.endByCommand(id, System.currentTimeMillis())) {
            case ENDED -> MiResults.now(MiResults.OK);
            case BACKUP -> throw MiException.of(403, "Node is backup for requested dialog");
            case NOT_FOUND -> throw MiException.of(404, "Requested Dialog not found");
        };
    }

    private CompletionStage<JsonNode> size(String profile, String value) throws MiException {
        if (dialogs.settings().limits().stream().noneMatch(l -> l.profile().equals(profile))) {
            throw MiException.of(404, "Profile not found");
        }
        ObjectNode result = MiResults.object();
        ObjectNode o = result.putObject("Profile");
        o.put("name", profile);
        o.put("value", value);
        o.put("count", dialogs.profileCount(profile, value, System.currentTimeMillis()));
        return MiResults.now(result);
    }

    private CompletionStage<JsonNode> clusterSync() throws MiException {
        if (resync == null) {
            throw MiException.of(400, "Dialog replication disabled");
        }
        return resync.request().handle((ok, failed) -> {
            if (failed != null) {
                throw new java.util.concurrent.CompletionException(
                        new MiException(400, "Failed to send sync request", failed.getMessage()));
            }
            return (JsonNode) MiResults.OK;
        });
    }
}
