package io.sipcluster.registrar;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The registrar on one UDP socket (Netty; native epoll when it loads, NIO otherwise). Each datagram is parsed with
 * {@link SipParser#parseDatagram}; a request goes to the {@link Registrar} and its answer leaves by the same socket
 * to the address {@link ResponseTarget} picks. Datagrams that do not parse, responses, ACKs and keepalives
 * (CRLFs) are dropped and counted: a message that cannot be parsed has no Via to answer by. One event-loop thread.
 */
public final class UdpRegistrar implements AutoCloseable {
    private final Registrar registrar;
    private final SipParser parser;
    private final LongSupplier clock;
    private final RegistrarCounters counters = new RegistrarCounters();
    private final EventLoopGroup group;
    private final Channel channel;
    private final String kind;
    private final java.util.List<java.util.function.Consumer<io.sipcluster.sip.SipResponse>> responseHandlers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile RequestInterceptor interceptor;

    private UdpRegistrar(Registrar registrar, SipParser parser, LongSupplier clock, InetSocketAddress bind)
            throws InterruptedException {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.clock = Objects.requireNonNull(clock, "clock");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends DatagramChannel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        this.kind = epoll ? "epoll" : "nio";
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("registrar-udp", true), factory);
        try {
            this.channel = new Bootstrap().group(group).channel(type)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(new Handler())
                    .bind(bind).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Binds {@code bind} (port 0 for an ephemeral port) and starts answering. */
    public static UdpRegistrar start(Registrar registrar, InetSocketAddress bind) throws InterruptedException {
        return new UdpRegistrar(registrar, new SipParser(), System::currentTimeMillis, bind);
    }

    public static UdpRegistrar start(Registrar registrar, SipParser parser, LongSupplier clock,
                                     InetSocketAddress bind) throws InterruptedException {
        return new UdpRegistrar(registrar, parser, clock, bind);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Adds a handler of the responses arriving on this socket (answers to the requests this node sends itself:
     * NAT keepalive OPTIONS, proxied requests); every handler sees every response and ignores what is not its
     * own. Without a handler they are dropped and counted.
     */
    public void onResponse(java.util.function.Consumer<io.sipcluster.sip.SipResponse> handler) {
        responseHandlers.add(Objects.requireNonNull(handler));
    }

    /** Requests go to {@code i} first; those it does not take go to the registrar. */
    public void interceptRequests(RequestInterceptor i) {
        this.interceptor = Objects.requireNonNull(i);
    }

    /** Sends {@code bytes} from this socket (so that a NAT binding made by a REGISTER to it is refreshed). */
    public void send(InetSocketAddress to, byte[] bytes) {
        DatagramPacket p = new DatagramPacket(Unpooled.wrappedBuffer(bytes), to);
        if (channel.eventLoop().inEventLoop()) {
            // sent while handling what was read (a proxied request): flushed with the batch, one sendmmsg for all
            channel.write(p, channel.voidPromise());
        } else {
            channel.writeAndFlush(p, channel.voidPromise());
        }
    }

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
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            counters.received();
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            SipMessage message;
            try {
                message = parser.parseDatagram(bytes, 0, bytes.length);
            } catch (MalformedSipException | RuntimeException unparseable) {
                counters.dropped(!isKeepalive(bytes));
                return;
            }
            InetSocketAddress from = packet.sender();
            if (!responseHandlers.isEmpty() && message instanceof io.sipcluster.sip.SipResponse response) {
                for (java.util.function.Consumer<io.sipcluster.sip.SipResponse> h : responseHandlers) {
                    h.accept(response);
                }
                return;
            }
            RequestInterceptor taker = interceptor;
            if (taker != null && message instanceof SipRequest request && taker.take(request, from, "UDP")) {
                return;
            }
            Source source = new Source(from.getAddress().getHostAddress(), from.getPort(), "UDP");
            Answer answer = CountedHandling.handle(registrar, counters, message, source, clock.getAsLong());
            if (answer == null) {
                return;
            }
            // written now, flushed once per batch of datagrams read (channelReadComplete): one sendmmsg for many
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(answer.bytes()),
                    ResponseTarget.forUdp((SipRequest) message, from)), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** CRLFs only (RFC 5626 keepalives): not a parse failure. */
    private static boolean isKeepalive(byte[] b) {
        if (b.length == 0) {
            return false;
        }
        for (byte x : b) {
            if (x != '\r' && x != '\n') {
                return false;
            }
        }
        return true;
    }
}
