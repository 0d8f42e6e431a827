package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.handler.codec.http3.Http3;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.tlsweep.core.quic.VersionNegotiationSniffer;
import io.tlsweep.core.tls.QuicClientTls;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The few UDP channels every QUIC probe of a scan shares: one unconnected channel per event loop and
 * address family, each carrying many QUIC connections (Netty's client codec demultiplexes them by
 * connection ID). Made on the first UDP target of that family, closed with the engine. A probe runs
 * on its channel's event loop, as the QUIC connections on it do.
 *
 * <p>Why unconnected: one socket per probe would cost a file descriptor and a bind per target, as TCP
 * does, for no gain; the price is that ICMP port-unreachable is not reported on an unconnected
 * socket, so a closed UDP port reads {@code timeout}, never {@code refused}.
 */
final class SharedUdpChannels implements AutoCloseable {

    /** The SNI a connection sends (null: none); read by the engine provider when the connection starts. */
    static final AttributeKey<String> SNI = AttributeKey.valueOf(SharedUdpChannels.class, "sni");

    /**
     * Length of the connection IDs we choose. The probe picks its own (rather than Netty's random
     * one) so the {@link VersionNegotiationSniffer} can recognise a Version Negotiation meant for it.
     */
    static final int CONNECTION_ID_LENGTH = 16;

    /** Receive windows offered to servers: enough for an HTTP/3 answer's head, small per connection. */
    private static final long RECEIVE_WINDOW = 256 * 1024;

    /** One shared UDP channel: the channel, its bind, and the Version Negotiation watcher in front of its codec. */
    record Udp(Channel channel, ChannelFuture bound, VersionNegotiationSniffer sniffer, QuicClientTls tls) {
        EventLoop loop() {
            return channel.eventLoop();
        }
    }

    private final MultiThreadIoEventLoopGroup group;
    private final Transports transports;
    private final QuicClientTls tls;
    private final long idleTimeoutMillis;
    private List<Udp> v4;
    private List<Udp> v6;
    private int next;
    private boolean closed;

    SharedUdpChannels(MultiThreadIoEventLoopGroup group, Transports transports, ScanConfig config) {
        this.group = group;
        this.transports = transports;
        this.tls = QuicClientTls.create(config.quicAlpn());
        // Quiche's own idle timer is a backstop: the probe's handshake deadline always fires first.
        this.idleTimeoutMillis = 2 * config.handshakeTimeout().toMillis() + 1000;
    }

    /** A channel for a target at {@code ip}, round-robin over the event loops. Thread-safe. */
    synchronized Udp forAddress(InetAddress ip) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        List<Udp> family;
        if (ip instanceof Inet6Address) {
            family = v6 != null ? v6 : (v6 = open(SocketProtocolFamily.INET6, "::"));
        } else {
            family = v4 != null ? v4 : (v4 = open(SocketProtocolFamily.INET, "0.0.0.0"));
        }
        return family.get(Math.floorMod(next++, family.size()));
    }

    /** The TLS side shared by every connection (for tests: captures left registered). */
    QuicClientTls tls() {
        return tls;
    }

    /** Version Negotiation watches still registered over every channel (tests: zero when idle). */
    int watched() {
        int n = 0;
        for (List<Udp> family : Arrays.asList(v4, v6)) {
            if (family != null) {
                for (Udp u : family) {
                    n += u.loop().submit(u.sniffer()::watched).syncUninterruptibly().getNow();
                }
            }
        }
        return n;
    }

    private List<Udp> open(SocketProtocolFamily family, String wildcard) {
        List<Udp> out = new ArrayList<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            VersionNegotiationSniffer sniffer = new VersionNegotiationSniffer();
            ChannelFuture bound = new Bootstrap()
                    .group(loop)
                    .channelFactory(() -> transports.datagramChannel().apply(family))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(sniffer, newCodec());
                        }
                    })
                    .bind(new InetSocketAddress(wildcard, 0));
            out.add(new Udp(bound.channel(), bound, sniffer, tls));
        }
        return List.copyOf(out);
    }

    private ChannelHandler newCodec() {
        return Http3.newQuicClientCodecBuilder()
                .sslContext(tls.context())
                .sslEngineProvider(q -> {
                    InetSocketAddress remote = (InetSocketAddress) q.remoteSocketAddress();
                    return tls.newEngine(q, q.attr(SNI).get(), remote == null ? -1 : remote.getPort());
                })
                .localConnectionIdLength(CONNECTION_ID_LENGTH)
                .maxIdleTimeout(idleTimeoutMillis, TimeUnit.MILLISECONDS)
                .initialMaxData(RECEIVE_WINDOW)
                .initialMaxStreamDataBidirectionalLocal(RECEIVE_WINDOW)
                .initialMaxStreamDataBidirectionalRemote(RECEIVE_WINDOW)
                .initialMaxStreamsBidirectional(16)
                .build();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (List<Udp> family : Arrays.asList(v4, v6)) {
            if (family != null) {
                for (Udp u : family) {
                    u.channel().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
                }
            }
        }
    }
}
