package io.sipcluster.mgmt.clusterer;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.mgmt.command.MiException;
import io.sipcluster.runtime.EngineCall;
import io.sipcluster.runtime.EngineLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs a command's work on the engine loop and turns the engine's refusals into MI errors. */
final class OnLoop {
    private OnLoop() { }

    static <T> CompletableFuture<T> call(EngineLoop loop, EngineCall<T> work) {
        return loop.call(work).exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(e)));
    }

    /**
     * The engine rejects bad arguments with {@link IllegalArgumentException} (a precondition the command did not
     * check itself): the caller asked for something impossible, so it is a 400 with the engine's words.
     */
    private static Throwable translate(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof IllegalArgumentException) {
            return MiException.of(400, cause.getMessage());
        }
        return cause;
    }

    /** 400 "Bad value for 'name'" unless the id is positive, as OpenSIPS answers. */
    static int positive(int value, String name) throws MiException {
        if (value < 1) {
            throw MiException.of(400, "Bad value for '" + name + "'");
        }
        return value;
    }

    static void requireCluster(ClusterEngine engine, int clusterId, int code, String message) throws MiException {
        if (!engine.clusterIds().contains(clusterId)) {
            throw MiException.of(code, message);
        }
    }
}
