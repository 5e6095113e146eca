package io.sipcluster.mgmt.clusterer;

/**
 * {@code clusterer_reload}, as the launcher implements it: read the provisioning again (SQL table or file) and apply
 * the difference to the running engine. Called on a management thread, never on the loop; it may block on I/O.
 *
 * <p>Throw {@link io.sipcluster.mgmt.command.MiException} to answer with a specific MI error; any other exception
 * answers OpenSIPS's 500 "Failed to reload" with the exception's message as detail.
 */
@FunctionalInterface
public interface ProvisioningReload {
    void reload() throws Exception;
}
