package io.sipcluster.core;

/**
 * A capability registered on the local node, as {@code clusterer_list_cap} shows it.
 *
 * @param synced holds the cluster's data, so it may serve as a donor (OpenSIPS "Ok")
 * @param enabled false after management disabled it ({@code clusterer_set_cap_status 0}): nothing of it is sent
 *     or accepted
 */
public record CapabilityView(String name, boolean synced, boolean enabled) {}
