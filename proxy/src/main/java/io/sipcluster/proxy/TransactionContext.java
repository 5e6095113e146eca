package io.sipcluster.proxy;

/** What a transaction needs from the proxy that owns it: timers, sending, tags, and being forgotten. */
interface TransactionContext {
    SipTimers timers();

    ProxyCounters counters();

    TimerQueue.Timer schedule(long at, TimerQueue.Action action);

    void send(Hop to, byte[] message);

    String newTag();

    void startClient(ClientTransaction t, long now);

    void forget(ServerTransaction t);

    void forget(ClientTransaction t);
}
