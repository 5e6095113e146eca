package io.sipcluster.app.node;

import io.sipcluster.mgmt.http.ManagementSettings;
import io.sipcluster.core.config.HostPort;
import io.sipcluster.provisioning.config.ManagementConfig;
import java.net.InetSocketAddress;

/** The node file's {@code management} section as the management server's settings. */
final class ManagementSettingsMapper {
    private ManagementSettingsMapper() {
    }

    static ManagementSettings map(ManagementConfig config) {
        HostPort hp = config.listen();
        InetSocketAddress bind = new InetSocketAddress(hp.host(), hp.port());
        if (config.auth() instanceof ManagementConfig.Auth.Token t) {
            return ManagementSettings.loopback(t.token().reveal()).withBind(bind);
        }
        // The defaults (limits, timeouts) are those of a token-protected endpoint; the token is then dropped, which
        // the settings allow on loopback only, as the node file does.
        return ManagementSettings.loopback(ManagementSettings.generateToken()).withoutToken().withBind(bind);
    }
}
