package io.sipcluster.usrloc.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.mgmt.command.CommandRegistry;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.UsrlocLimits;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ul_* commands: OpenSIPS shapes and errors, and removals that replicate. */
class UsrlocCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_700_000_000L;
    private final List<UsrlocMessage> replicated = new ArrayList<>();
    private final LocationService location = new LocationService(new LocationTable("location", UsrlocLimits.DEFAULTS),
            () -> NOW, replicated::addAll);
    private final AtomicInteger resyncs = new AtomicInteger();
    private final AtomicInteger flushes = new AtomicInteger();
    private final CommandRegistry clustered = new CommandRegistry();
    private final CommandRegistry alone = new CommandRegistry();

    {
        new UsrlocCommands(location, () -> {
            resyncs.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, flushes::incrementAndGet).registerOn(clustered);
        new UsrlocCommands(location, null, null).registerOn(alone);
        ContactMatch byUri = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
        location.register(Str.of("alice@example.com"), new Binding(Str.of("sip:alice@10.0.0.1:5060"), Str.of("c1"), 3,
                NOW + 120, 500, Str.EMPTY, Str.of("sip:198.51.100.1:4000"), Str.of("Phone/1"), 0, Str.EMPTY, Str.EMPTY,
                Str.of("\"<urn:uuid:1>\""), 1, -1, Str.EMPTY, Str.of("vip"), NOW), byUri);
        location.register(Str.of("alice@example.com"), Binding.of("sip:alice@10.0.0.2", "c2", 1, 0, -1, NOW), byUri);
        location.register(Str.of("bob@example.com"), Binding.of("sip:bob@10.0.0.3", "c3", 1, NOW + 60, -1, NOW), byUri);
    }

    private static JsonNode call(CommandRegistry r, String method, Object... params) throws Exception {
        return r.execute(method, params.length == 0 ? null : JSON.valueToTree(params)).get();
    }

    private static MiException error(CommandRegistry r, String method, Object... params) throws Exception {
        try {
            call(r, method, params);
        } catch (ExecutionException e) {
            return (MiException) e.getCause();
        }
        throw new AssertionError(method + " should have failed");
    }

    @Test
    void showContactListsTheContactsOfOneAorAsOpenSipsDoes() throws Exception {
        JsonNode r = call(clustered, "ul_show_contact", "location", "sip:alice@example.com");
        assertThat(r.get("AOR").asText()).isEqualTo("alice@example.com");
        JsonNode first = r.get("Contacts").get(0);
        assertThat(first.get("Contact").asText()).isEqualTo("sip:alice@10.0.0.1:5060");
        assertThat(first.get("Expires").asLong()).isEqualTo(120);
        assertThat(first.get("Q").asText()).isEqualTo("0.50");
        assertThat(first.get("Callid").asText()).isEqualTo("c1");
        assertThat(first.get("Cseq").asInt()).isEqualTo(3);
        assertThat(first.get("User-agent").asText()).isEqualTo("Phone/1");
        assertThat(first.get("Received").asText()).isEqualTo("sip:198.51.100.1:4000");
        assertThat(first.get("SIP_instance").asText()).isEqualTo("\"<urn:uuid:1>\"");
        assertThat(first.get("Owner-Tag").asText()).isEqualTo("vip");
        assertThat(r.get("Contacts").get(1).get("Expires").asText()).isEqualTo("permanent");

        assertThat(error(clustered, "ul_show_contact", "location", "carol@example.com").code()).isEqualTo(404);
        assertThat(error(clustered, "ul_show_contact", "other", "alice@example.com").getMessage())
                .isEqualTo("Table not found");
        assertThat(error(clustered, "ul_show_contact", "location", "alice").getMessage())
                .isEqualTo("Domain missing in AOR");
    }

    @Test
    void dumpListsEveryAorAndBriefOnlyTheirNames() throws Exception {
        JsonNode full = call(clustered, "usrloc:dump").get("Domains").get(0);
        assertThat(full.get("name").asText()).isEqualTo("location");
        assertThat(full.get("AORs")).hasSize(2);
        assertThat(full.get("AORs").get(0).get("Contacts")).hasSize(2);
        JsonNode brief = call(clustered, "ul_dump", "1").get("Domains").get(0).get("AORs");
        assertThat(brief.get(1).get("AOR").asText()).isEqualTo("bob@example.com");
        assertThat(brief.get(1).has("Contacts")).isFalse();
    }

    @Test
    void removalsGoThroughTheTableAndAreReplicated() throws Exception {
        replicated.clear();
        assertThat(call(clustered, "ul_rm_contact", "location", "alice@example.com", "sip:alice@10.0.0.2").asText())
                .isEqualTo("OK");
        assertThat(location.lookup(Str.of("alice@example.com"))).hasSize(1);
        assertThat(replicated).singleElement().isInstanceOf(UsrlocMessage.ContactDelete.class);
        assertThat(((UsrlocMessage.ContactDelete) replicated.get(0)).cseq()).isEqualTo(2);
        assertThat(error(clustered, "ul_rm_contact", "location", "alice@example.com", "sip:nobody@x").getMessage())
                .isEqualTo("Contact not found");

        assertThat(call(clustered, "ul_rm", "location", "bob@example.com").asText()).isEqualTo("OK");
        assertThat(replicated.get(1)).isInstanceOf(UsrlocMessage.AorDelete.class);
        assertThat(error(clustered, "ul_rm", "location", "bob@example.com").code()).isEqualTo(404);
    }

    @Test
    void syncCommandsNeedPersistenceOrClustering() throws Exception {
        assertThat(call(clustered, "ul_cluster_sync").asText()).isEqualTo("OK");
        assertThat(resyncs).hasValue(1);
        assertThat(call(clustered, "ul_sync", "location").asText()).isEqualTo("OK");
        assertThat(flushes).hasValue(1);
        assertThat(error(alone, "ul_cluster_sync").getMessage()).isEqualTo("Clustering not enabled");
        MiException synced = error(alone, "ul_sync", "location");
        assertThat(synced.code()).isEqualTo(200);
        assertThat(synced.getMessage()).isEqualTo("Contacts already synced");
    }
}
