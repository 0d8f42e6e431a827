package io.tlsweep.protocols.hostile;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.JdkTlsPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The hostile-server kit: any number of {@link HostileServer}s (a {@link HostileBehaviour}, optionally
 * behind a STARTTLS {@link Front}) on 127.0.0.x addresses and ephemeral ports, sharing one event loop
 * of their own (so a server that never stops writing cannot starve the scanner's loops), one TLS
 * certificate (for the behaviours that finish a real handshake) and counters of what they did.
 *
 * <pre>{@code
 * try (HostileLab lab = new HostileLab(Duration.ofMillis(150))) {
 *     HostileServer s = lab.start(HostileServer.loopback(80), Placement.AFTER_GO_AHEAD, HostileBehaviour.ALERT, "smtp");
 *     ... scan s.target() with --starttls smtp ...
 *     assertTrue(lab.awaitAllClosed(Duration.ofSeconds(5)));   // the probe let go of every connection
 * }
 * }</pre>
 */
public final class HostileLab implements AutoCloseable {

    /** Name in the certificate of the TLS-finishing behaviours. */
    public static final String SERVER_NAME = "hostile.lab.test";

    private final Duration dripInterval;
    private final MultiThreadIoEventLoopGroup group;
    private final TestPki pki = TestPki.create("hostile kit");
    private final SslContext serverTls;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final Map<HostileBehaviour, AtomicLong> takeOvers = new EnumMap<>(HostileBehaviour.class);

    /** @param dripInterval how often {@link HostileBehaviour#DRIP} sends its next byte (the case: 1 s) */
    public HostileLab(Duration dripInterval) {
        this(dripInterval, 1);
    }

    public HostileLab(Duration dripInterval, int threads) {
        // Before any Netty TLS class: JSSE reads its limits once (JdkTlsPolicy), and a server context
        // built first would freeze the JDK client at its 32 KiB handshake-message default.
        JdkTlsPolicy.apply();
        this.dripInterval = dripInterval;
        for (HostileBehaviour b : HostileBehaviour.values()) {
            takeOvers.put(b, new AtomicLong());
        }
        HeldCertificate leaf = pki.leaf().dnsNames(SERVER_NAME).build();
        try {
            serverTls = SslContextBuilder.forServer(leaf.keyPair().getPrivate(), leaf.chain().toArray(X509Certificate[]::new))
                    .build();
        } catch (SSLException e) {
            throw new AssertionError(e);
        }
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** Starts a server: {@code dialect} names a {@link Fronts} entry, or is null for implicit TLS. */
    public HostileServer start(InetAddress address, Placement placement, HostileBehaviour behaviour, String dialect) {
        if (!behaviour.placements().contains(placement)) {
            throw new IllegalArgumentException(behaviour + " does not apply " + placement);
        }
        if ((dialect == null) != (placement == Placement.IMPLICIT_TLS)) {
            throw new IllegalArgumentException("a dialect goes with a STARTTLS placement, and only there");
        }
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // Small kernel send buffers: an endless writer parks after ~64 KiB instead of filling
                // megabytes of loopback buffers that nobody will read.
                .childOption(ChannelOption.SO_SNDBUF, 64 * 1024)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new HostileConnection(HostileLab.this, placement, behaviour,
                                dialect == null ? null : Fronts.front(dialect)));
                    }
                })
                .bind(new InetSocketAddress(address, 0)).syncUninterruptibly().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        return new HostileServer(new Target(address, port, Transport.TCP, null, null), placement, behaviour, dialect);
    }

    /** The root the analyzer should trust for the TLS-finishing behaviours. */
    public X509Certificate trustAnchor() {
        return pki.root().certificate();
    }

    public Duration dripInterval() {
        return dripInterval;
    }

    SslContext serverTls() {
        return serverTls;
    }

    /** Connections accepted and not yet ended, over all servers. */
    public int openConnections() {
        return open.get();
    }

    public long acceptedConnections() {
        return accepted.get();
    }

    /** Bytes the servers handed to their sockets (the kernel may not have delivered them all). */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** How many connections reached {@code b}'s take-over point. */
    public long takeOvers(HostileBehaviour b) {
        return takeOvers.get(b).get();
    }

    /** Waits until every accepted connection has ended (the probes closed them); false on timeout. */
    public boolean awaitAllClosed(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (open.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void wrote(long bytes) {
        bytesWritten.addAndGet(bytes);
    }

    void tookOver(HostileBehaviour b) {
        takeOvers.get(b).incrementAndGet();
    }

    /** Closes every listening socket and connection. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        ReferenceCountUtil.release(serverTls);
    }

    /** 127.0.0.{@code lastOctet}. */
    public static InetAddress loopback(int lastOctet) {
        return loopback(0, lastOctet);
    }

    /** 127.0.{@code third}.{@code fourth}: every 127/8 address answers on Linux loopback. */
    public static InetAddress loopback(int third, int fourth) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) third, (byte) fourth});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
