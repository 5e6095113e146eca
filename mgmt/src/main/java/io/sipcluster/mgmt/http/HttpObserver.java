package io.sipcluster.mgmt.http;

/** Told about HTTP requests turned away before any command ran (for metrics). */
@FunctionalInterface
public interface HttpObserver {
    /** @param reason {@code unauthorized}, {@code too_large}, {@code overloaded}, {@code bad_method}, {@code not_found} */
    void rejected(String reason);

    HttpObserver NONE = reason -> { };
}
