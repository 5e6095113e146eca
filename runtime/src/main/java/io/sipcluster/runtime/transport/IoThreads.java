package io.sipcluster.runtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty threads of one transport: one to accept connections, a few for connection I/O (reading, framing,
 * decoding, writing). Native epoll on Linux when its library loads, NIO elsewhere; both behave the same here.
 */
final class IoThreads {
    final EventLoopGroup acceptor;
    final EventLoopGroup io;
    final Class<? extends ServerChannel> serverChannelType;
    final Class<? extends Channel> channelType;
    /** "epoll" or "nio", for the stats and the start-up log line. */
    final String kind;

    private IoThreads(IoHandlerFactory factory, int ioThreads, Class<? extends ServerChannel> server,
                      Class<? extends Channel> client, String kind, String name) {
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-accept", true), factory);
        this.io = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory(name + "-io", true), factory);
        this.serverChannelType = server;
        this.channelType = client;
        this.kind = kind;
    }

    static IoThreads start(int ioThreads, String name) {
        if (Epoll.isAvailable()) {
            return new IoThreads(EpollIoHandler.newFactory(), ioThreads, EpollServerSocketChannel.class,
                    EpollSocketChannel.class, "epoll", name);
        }
        return new IoThreads(NioIoHandler.newFactory(), ioThreads, NioServerSocketChannel.class,
                NioSocketChannel.class, "nio", name);
    }

    /** Stops the threads; connections must have been closed first. */
    void shutdown(Duration timeout) {
        acceptor.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        io.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(timeout.toMillis());
        io.terminationFuture().awaitUninterruptibly(timeout.toMillis());
    }
}
