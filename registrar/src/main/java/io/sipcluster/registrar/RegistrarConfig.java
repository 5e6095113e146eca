package io.sipcluster.registrar;

/**
 * The registrar's expiry policy (RFC 3261 §10.3 step 7), in seconds.
 *
 * @param minExpires     shorter non-zero requests get 423 Interval Too Brief with this Min-Expires
 * @param maxExpires     longer requests are granted this
 * @param defaultExpires granted when neither the Contact's expires parameter nor an Expires header says
 */
public record RegistrarConfig(long minExpires, long maxExpires, long defaultExpires) {
    public static final RegistrarConfig DEFAULTS = new RegistrarConfig(60, 7200, 3600);

    public RegistrarConfig {
        if (minExpires < 1 || maxExpires < minExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 1 <= minExpires <= defaultExpires <= maxExpires: " + minExpires
                    + ", " + defaultExpires + ", " + maxExpires);
        }
        if (maxExpires > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maxExpires above 2^32-1");
        }
    }
}
