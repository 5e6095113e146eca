package io.sipcluster.core;

import io.sipcluster.wire.Str;

/**
 * A generic request sent (OpenSIPS {@code cluster_send_req}, {@code cluster_broadcast_req}): what became of it, and
 * the tag it carries, which a reply will carry back.
 */
public record SentRequest(SendResult result, Str tag) {}
