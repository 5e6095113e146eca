package io.sipcluster.core;

/** A capability of another node, as that node's CAP_UPDATEs announced it. */
public record RemoteCapabilityView(int nodeId, String name, boolean synced) {}
