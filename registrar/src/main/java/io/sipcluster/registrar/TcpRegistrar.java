package io.sipcluster.registrar;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipStreamFramer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The registrar on a TCP listening socket (Netty; native epoll when it loads, NIO otherwise). Each connection has
 * its own {@link SipStreamFramer}; a request goes to the {@link Registrar} and the answer goes back on the same
 * connection (RFC 3261 §18.2.2). A CRLF CRLF keepalive gets a CRLF (RFC 5626 §4.4.1). A framing error closes the
 * connection and counts as unparseable; responses and ACKs are dropped and counted. One accept thread, one I/O
 * thread. Accepted connections are not limited in number or idle time here; connections this node opens to send
 * (a proxy's, {@link #send}) are bounded by {@link #MAX_CONNECTIONS}. A proxy takes the other requests and the
 * responses ({@link #interceptRequests}, {@link #onResponse}).
 */
public final class TcpRegistrar implements AutoCloseable {
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Registrar registrar;
    private final SipParser parser;
    private final LongSupplier clock;
    private final RegistrarCounters counters = new RegistrarCounters();
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final Channel channel;
    private final String kind;
    private final Class<? extends io.netty.channel.Channel> clientType;
    /** Open connections by remote address, accepted or opened here: responses and requests reuse them. */
    private final java.util.Map<InetSocketAddress, io.netty.channel.Channel> connections =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<io.sipcluster.sip.SipResponse>> responseHandlers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<InetSocketAddress, io.netty.channel.ChannelFuture> connecting =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile RequestInterceptor interceptor;
    /** Beyond this many connections, new outbound ones are refused (the messages dropped, counted). */
    public static final int MAX_CONNECTIONS = 10_000;

    private TcpRegistrar(Registrar registrar, SipParser parser, LongSupplier clock, InetSocketAddress bind)
            throws InterruptedException {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.clock = Objects.requireNonNull(clock, "clock");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.kind = epoll ? "epoll" : "nio";
        this.clientType = epoll ? io.netty.channel.epoll.EpollSocketChannel.class
                : io.netty.channel.socket.nio.NioSocketChannel.class;
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("registrar-tcp-accept", true),
                factory);
        this.io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("registrar-tcp-io", true), factory);
        try {
            this.channel = new ServerBootstrap().group(acceptor, io).channel(type)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Connection());
                        }
                    })
                    .bind(bind).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            throw e;
        }
    }

    /** Binds {@code bind} (port 0 for an ephemeral port) and starts accepting. */
    public static TcpRegistrar start(Registrar registrar, InetSocketAddress bind) throws InterruptedException {
        return new TcpRegistrar(registrar, new SipParser(), System::currentTimeMillis, bind);
    }

    public static TcpRegistrar start(Registrar registrar, SipParser parser, LongSupplier clock,
                                     InetSocketAddress bind) throws InterruptedException {
        return new TcpRegistrar(registrar, parser, clock, bind);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Requests go to {@code i} first; those it does not take go to the registrar. */
    public void interceptRequests(RequestInterceptor i) {
        this.interceptor = Objects.requireNonNull(i);
    }

    /** Adds a handler of the responses arriving on any connection (every handler sees every response). */
    public void onResponse(java.util.function.Consumer<io.sipcluster.sip.SipResponse> handler) {
        responseHandlers.add(Objects.requireNonNull(handler));
    }

    /**
     * Sends {@code bytes} on the connection with {@code to}, accepted or opened earlier, else on a new one opened
     * now from this node (RFC 3261 §18.1.1; the message waits for the connection). Never blocks.
     */
    public void send(InetSocketAddress to, byte[] bytes) {
        io.netty.channel.Channel open = connections.get(to);
        if (open != null && open.isActive()) {
            open.writeAndFlush(Unpooled.wrappedBuffer(bytes), open.voidPromise());
            return;
        }
        if (connections.size() + connecting.size() >= MAX_CONNECTIONS) {
            counters.dropped(false);
            return;
        }
        // one connection per next hop: messages sent while it is being opened wait for it
        io.netty.channel.ChannelFuture f = connecting.computeIfAbsent(to, address -> {
            io.netty.channel.ChannelFuture c = new io.netty.bootstrap.Bootstrap().group(io).channel(clientType)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
                    .handler(new ChannelInitializer<io.netty.channel.Channel>() {
                        @Override
                        protected void initChannel(io.netty.channel.Channel ch) {
                            ch.pipeline().addLast(new Connection());
                        }
                    })
                    .connect(address);
            c.addListener(done -> connecting.remove(address));
            return c;
        });
        f.addListener((io.netty.channel.ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                done.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes), done.channel().voidPromise());
            } else {
                counters.dropped(false); // the next hop does not accept: the transaction times out
            }
        });
    }

    /** Open connections, accepted and opened. */
    public int connectionCount() {
        return connections.size();
    }

    /** Per message: received counts framed messages, not reads. */
    public RegistrarCounters counters() {
        return counters;
    }

    /** "epoll" or "nio". */
    public String transportKind() {
        return kind;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        io.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Connection extends ChannelInboundHandlerAdapter implements SipStreamFramer.Sink {
        private final SipStreamFramer framer = new SipStreamFramer(parser);
        private ChannelHandlerContext ctx;
        private Source source;
        private InetSocketAddress remote;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            source = new Source(remote.getAddress().getHostAddress(), remote.getPort(), "TCP");
            this.remote = new InetSocketAddress(remote.getAddress(), remote.getPort());
            connections.put(this.remote, ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (remote != null) {
                connections.remove(remote, ctx.channel());
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), bytes);
                framer.feed(bytes, 0, bytes.length, this);
            } catch (MalformedSipException noBoundary) {
                counters.received();
                counters.dropped(true);
                ctx.close();
            } finally {
                buf.release();
            }
        }

        @Override
        public void message(SipMessage message) {
            counters.received();
            if (message instanceof io.sipcluster.sip.SipResponse response && !responseHandlers.isEmpty()) {
                for (java.util.function.Consumer<io.sipcluster.sip.SipResponse> h : responseHandlers) {
                    h.accept(response);
                }
                return;
            }
            RequestInterceptor taker = interceptor;
            if (taker != null && message instanceof io.sipcluster.sip.SipRequest request
                    && taker.take(request, remote, "TCP")) {
                return;
            }
            Answer answer = CountedHandling.handle(registrar, counters, message, source, clock.getAsLong());
            if (answer == null) {
                return;
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(answer.bytes()), ctx.voidPromise());
        }

        @Override
        public void keepalive() {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CRLF), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
