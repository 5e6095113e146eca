package io.sipcluster.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports free right now (the OS picks them; another program could take one first, rarely). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int udp() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free for both UDP and TCP right now (for a SIP endpoint that listens on both, like sipp over TCP). */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = tcp();
            try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use for UDP: another one
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on loopback");
    }
}
