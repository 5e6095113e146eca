package io.sipcluster.provisioning.config;

/** The state a sharing tag starts in (OpenSIPS {@code sharing_tag = "name/cluster_id=active|backup"}). */
public enum SharingTagState {
    ACTIVE,
    BACKUP;

    public boolean isActive() {
        return this == ACTIVE;
    }
}
