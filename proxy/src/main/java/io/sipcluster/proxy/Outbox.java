package io.sipcluster.proxy;

/** Where the proxy core puts the messages it sends; the edge writes them to sockets. */
@FunctionalInterface
public interface Outbox {
    void send(Hop to, byte[] message);
}
