package io.sipcluster.usrloc.mgmt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiCommand;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.mgmt.command.MiParams;
import io.sipcluster.mgmt.command.MiResults;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.Outcome;
import io.sipcluster.usrloc.service.AorKey;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OpenSIPS's usrloc management commands on a {@link LocationService}, under both spellings ({@code usrloc:dump} and
 * {@code ul_dump}), with OpenSIPS's parameter names, result shapes and error codes. Removals go through the table,
 * so they are replicated to the other nodes like any change.
 */
public final class UsrlocCommands {
    /** Beyond this many AoRs a dump is cut (and says so): a JSON answer must stay bounded. */
    public static final int MAX_DUMP_AORS = 100_000;

    private final LocationService location;
    private final Resync resync;
    private final Flush flush;

    /** Asks the cluster for the table again; null when the table is not clustered. */
    @FunctionalInterface
    public interface Resync {
        CompletableFuture<Void> request();
    }

    /** Writes every binding to the database again; null without persistence. */
    @FunctionalInterface
    public interface Flush {
        void markAll();
    }

    public UsrlocCommands(LocationService location, Resync resync, Flush flush) {
        this.location = location;
        this.resync = resync;
        this.flush = flush;
    }

    public void registerOn(CommandRegistry registry) {
        registry.register(MiCommand.builder("usrloc", "dump").alias("ul_dump")
                .help("Every AoR of the location table with its contacts; brief: the AoRs only")
                .recipe(p -> dump(false))
                .recipe(this::dumpBrief, "brief")
                .build());
        registry.register(MiCommand.builder("usrloc", "show_contact").alias("ul_show_contact")
                .help("The contacts of one AoR")
                .recipe(this::showContact, "table_name", "aor")
                .build());
        registry.register(MiCommand.builder("usrloc", "rm").alias("ul_rm")
                .help("Removes an AoR and all its contacts, on every node")
                .recipe(this::removeAor, "table_name", "aor")
                .build());
        registry.register(MiCommand.builder("usrloc", "rm_contact").alias("ul_rm_contact")
                .help("Removes one contact of an AoR, on every node")
                .recipe(this::removeContact, "table_name", "aor", "contact")
                .build());
        registry.register(MiCommand.builder("usrloc", "sync").alias("ul_sync")
                .help("Writes the table (or one AoR) to the database again")
                .recipe(this::syncToDb, "table_name")
                .recipe(this::syncToDb, "table_name", "aor")
                .build());
        registry.register(MiCommand.builder("usrloc", "cluster_sync").alias("ul_cluster_sync")
                .help("Asks a donor node for the whole table; merged with what is here")
                .recipe(p -> clusterSync())
                .build());
    }

    private CompletionStage<JsonNode> dump(boolean brief) {
        Map<Str, List<Binding>> all = location.dump(MAX_DUMP_AORS + 1);
        long now = location.nowSeconds();
        ObjectNode result = MiResults.object();
        ArrayNode domains = result.putArray("Domains");
        ObjectNode domain = domains.addObject();
        domain.put("name", location.domain().toString());
        domain.put("hash_size", location.aorCount());
        ArrayNode aors = domain.putArray("AORs");
        int n = 0;
        for (Map.Entry<Str, List<Binding>> e : all.entrySet()) {
            if (++n > MAX_DUMP_AORS) {
                domain.put("Truncated", true);
                break;
            }
            if (brief) {
                aors.addObject().put("AOR", e.getKey().toString());
            } else {
                aorNode(aors.addObject(), e.getKey(), e.getValue(), now);
            }
        }
        return MiResults.now(result);
    }

    private CompletionStage<JsonNode> dumpBrief(MiParams p) throws MiException {
        String brief = p.getString("brief");
        // OpenSIPS: any value of "brief" asks for the short form
        return dump(brief != null);
    }

    private CompletionStage<JsonNode> showContact(MiParams p) throws MiException {
        Str aor = aor(p);
        List<Binding> bindings = location.lookup(aor);
        if (bindings.isEmpty()) {
            throw MiException.of(404, "AOR not found");
        }
        ObjectNode result = MiResults.object();
        aorNode(result, aor, bindings, location.nowSeconds());
        return MiResults.now(result);
    }

    private CompletionStage<JsonNode> removeAor(MiParams p) throws MiException {
        Str aor = aor(p);
        if (location.removeAor(aor) != Outcome.REMOVED) {
            throw MiException.of(404, "AOR not found");
        }
        return MiResults.now(MiResults.OK);
    }

    private CompletionStage<JsonNode> removeContact(MiParams p) throws MiException {
        Str aor = aor(p);
        String contact = p.getString("contact");
        List<Binding> bindings = location.lookup(aor);
        if (bindings.isEmpty()) {
            throw MiException.of(404, "AOR not found");
        }
        for (Binding b : bindings) {
            if (b.contactUri().contentEquals(contact)) {
                // a delete newer than the binding (CSeq + 1), so every node applies it rather than keeping theirs
                location.remove(aor, b.contactUri(), b.callid(), b.cseq() + 1,
                        new ContactMatch(ContactMatch.CONTACT_ONLY, List.of()));
                return MiResults.now(MiResults.OK);
            }
        }
        throw MiException.of(404, "Contact not found");
    }

    private CompletionStage<JsonNode> syncToDb(MiParams p) throws MiException {
        table(p);
        if (flush == null) {
            throw MiException.of(200, "Contacts already synced");
        }
        if (p.has("aor")) {
            Str aor = aor(p);
            if (location.lookup(aor).isEmpty()) {
                throw MiException.of(404, "AOR not found");
            }
        }
        flush.markAll();
        return MiResults.now(MiResults.OK);
    }

    private CompletionStage<JsonNode> clusterSync() throws MiException {
        if (resync == null) {
            throw MiException.of(400, "Clustering not enabled");
        }
        return resync.request().handle((ok, failed) -> {
            if (failed != null) {
                throw new java.util.concurrent.CompletionException(
                        new MiException(400, "Failed to send sync request", failed.getMessage()));
            }
            return (JsonNode) MiResults.OK;
        });
    }

    private void table(MiParams p) throws MiException {
        String table = p.getString("table_name");
        if (!location.domain().contentEquals(table)) {
            throw MiException.of(404, "Table not found");
        }
    }

    private Str aor(MiParams p) throws MiException {
        table(p);
        String aor = p.getString("aor");
        if (aor.isEmpty() || aor.length() > 512) {
            throw MiException.of(400, "Bad AOR");
        }
        String bare = aor.toLowerCase(Locale.ROOT).startsWith("sip") ? AorKey.of(aor).toString() : aor;
        if (bare.indexOf('@') < 0) {
            throw MiException.of(400, "Domain missing in AOR");
        }
        return Str.of(bare);
    }

    private static void aorNode(ObjectNode node, Str aor, List<Binding> bindings, long now) {
        node.put("AOR", aor.toString());
        ArrayNode contacts = node.putArray("Contacts");
        for (Binding b : bindings) {
            ObjectNode c = contacts.addObject();
            c.put("Contact", b.contactUri().toString());
            if (b.expires() == 0) {
                c.put("Expires", "permanent");
            } else if (b.expires() <= now) {
                c.put("Expires", "expired");
            } else {
                c.put("Expires", b.expires() - now);
            }
            c.put("Q", b.q() < 0 ? "" : qText(b.q()));
            c.put("Callid", b.callid().toString());
            c.put("Cseq", b.cseq());
            putIfAny(c, "User-agent", b.userAgent());
            putIfAny(c, "Received", b.received());
            putIfAny(c, "Path", b.path());
            c.put("Flags", b.flags());
            c.put("Cflags", b.cflags().toString());
            putIfAny(c, "Socket", b.socket());
            c.put("Methods", b.methods() & 0xFFFF_FFFFL);
            putIfAny(c, "Attr", b.attr());
            putIfAny(c, "SIP_instance", b.instance());
            if (b.regId() > 0) {
                c.put("Reg-Id", b.regId());
            }
            putIfAny(c, "Owner-Tag", b.ownerTag());
        }
    }

    private static void putIfAny(ObjectNode node, String key, Str value) {
        if (!value.isEmpty()) {
            node.put(key, value.toString());
        }
    }

    private static String qText(int permille) {
        return String.format(Locale.ROOT, "%.2f", permille / 1000.0);
    }
}
