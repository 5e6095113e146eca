package io.sipcluster.mgmt.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * Runs one recipe of a command. Handlers may answer at once or later (a read on the engine loop, a reply from
 * another node); they must not block the thread that calls them for long, and must fail with {@link MiException}
 * for anything the caller did wrong.
 */
@FunctionalInterface
public interface MiHandler {
    CompletionStage<JsonNode> run(MiParams params) throws MiException;
}
