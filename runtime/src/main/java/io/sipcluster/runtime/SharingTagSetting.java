package io.sipcluster.runtime;

/**
 * A sharing tag this node declares at start (OpenSIPS {@code sharing_tag = "name/cluster=active|backup"}).
 *
 * @param active whether this node starts as the tag's holder; OpenSIPS practice is to start every node as backup
 *     and let management activate one
 */
public record SharingTagSetting(int clusterId, String name, boolean active) {
    public SharingTagSetting {
        if (clusterId <= 0) {
            throw new IllegalArgumentException("sharing tag " + name + ": cluster id must be > 0");
        }
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("sharing tag name must be 1-255 characters");
        }
    }
}
