package io.tlsweep.core.engine;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicConnectionAddress;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicTransportParameters;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsweep.core.quic.QuicVersions;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.QuicInfo;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.sink.NdjsonWriter;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.TlsAlerts;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One QUIC handshake with a UDP target, over a {@link SharedUdpChannels shared UDP channel}: Initial
 * out, then the server's handshake (or its CONNECTION_CLOSE, its Version Negotiation, or silence),
 * capture, close. Like {@link TcpProbe} it runs on one event loop (its channel's) and reports exactly
 * once to {@code onDone}, whatever happens; every path releases the QUIC connection, the
 * handshake deadline, the chain capture and the Version Negotiation watch.
 *
 * <p>Timing: UDP has no connect, so {@code connect_ms} is null and the one deadline is the
 * handshake timeout, counted from the first Initial.
 */
final class QuicProbe {

    /** Longest CONNECTION_CLOSE reason phrase kept in the record, in bytes before escaping. */
    static final int CLOSE_REASON_LIMIT = 200;

    private final Target target;
    private final int attempt;
    private final ProbeKind kind;
    private final ScanConfig config;
    private final SharedUdpChannels.Udp udp;
    private final Consumer<AttemptOutcome> onDone;
    private final byte[] scid = new byte[SharedUdpChannels.CONNECTION_ID_LENGTH];
    private final InetSocketAddress remote;

    private long startNanos;
    private ScheduledFuture<?> deadline;
    private QuicChannel quic;
    private QuicConnectionCloseEvent closeEvent;
    private boolean watching;
    private boolean done;

    QuicProbe(Target target, int attempt, ProbeKind kind, ScanConfig config, SharedUdpChannels.Udp udp,
              Consumer<AttemptOutcome> onDone) {
        this.target = target;
        this.attempt = attempt;
        this.kind = kind;
        this.config = config;
        this.udp = udp;
        this.onDone = onDone;
        this.remote = new InetSocketAddress(target.ip(), target.port());
    }

    /**
     * Reports a probe that cannot start because QUIC is not available here (no native library for
     * this platform): a local failure, not the target's.
     */
    static AttemptOutcome unavailable(Target target, int attempt, ProbeKind kind) {
        Throwable cause = Quic.unavailabilityCause();
        return new AttemptOutcome(target, attempt, Status.LOCAL_ERROR, Phase.HANDSHAKE,
                "QUIC is not available: " + (cause == null ? "unknown reason" : cause.getMessage()), -1, -1, 0,
                null, null, null, false, null, new byte[0], kind, null, null, ProbeExtras.NONE);
    }

    /** Starts the attempt on the UDP channel's event loop. */
    void start() {
        EventLoop loop = udp.loop();
        if (loop.inEventLoop()) {
            begin();
        } else {
            loop.execute(this::begin);
        }
    }

    private void begin() {
        startNanos = System.nanoTime();
        long timeout = Math.min(config.handshakeTimeout().toNanos(), config.totalTimeout().toNanos());
        deadline = udp.loop().schedule(() -> fail(ProbeTimeoutException.INSTANCE), timeout, TimeUnit.NANOSECONDS);
        udp.bound().addListener((ChannelFuture f) -> guarded(() -> {
            if (f.isSuccess()) {
                connect();
            } else {
                finish(failure(Status.LOCAL_ERROR, "cannot open the shared UDP socket: " + f.cause().getMessage(),
                        null, null));
            }
        }));
    }

    /**
     * Runs a step of the probe so that a bug or a library surprise in it still ends the probe with a
     * record (a listener's exception would otherwise only be logged by Netty, and the record lost).
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (!done) {
                finish(failure(Status.LOCAL_ERROR, "QUIC probe failed: " + e, null, null));
            }
        }
    }

    private void connect() {
        if (done) {
            return;
        }
        // Our own source connection ID: a Version Negotiation echoes it, which is how the sniffer
        // finds this probe. Unpredictable enough for a scanner; not a security boundary.
        ThreadLocalRandom.current().nextBytes(scid);
        udp.sniffer().expect(scid, remote, this::onVersionNegotiation);
        watching = true;
        QuicChannel.newBootstrap(udp.channel())
                .attr(SharedUdpChannels.SNI, target.sni())
                .localConnectionAddress(new QuicConnectionAddress(scid))
                .remoteAddress(remote)
                .handler(new Watcher())
                .streamHandler(DiscardStreams.INSTANCE)
                .connect()
                .addListener((Future<QuicChannel> f) -> guarded(() -> {
                    if (f.isSuccess()) {
                        onHandshake(f.getNow());
                    } else {
                        fail(f.cause());
                    }
                }));
    }

    private void onHandshake(QuicChannel channel) {
        if (done) {
            return;
        }
        quic = channel;
        long now = System.nanoTime();
        SSLEngine engine = channel.sslEngine();
        SSLSession session = engine.getSession();
        List<X509Certificate> chain = udp.tls().release(channel);
        if (chain == null) {
            chain = sessionChain(session);
        }
        String alpn = engine.getApplicationProtocol();
        QuicInfo info = transportParameters(channel.peerTransportParameters());
        finish(new AttemptOutcome(target, attempt, Status.SUCCESS, null, null, -1, now - startNanos,
                now - startNanos, session.getProtocol(), session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? null : alpn, false, chain, new byte[0], kind, null, null,
                ProbeExtras.NONE.withQuic(info)));
    }

    private static QuicInfo transportParameters(QuicTransportParameters tp) {
        if (tp == null) {
            return new QuicInfo(QuicVersions.name(QuicVersions.V1), null, null, null, null, null, null, null, null);
        }
        return new QuicInfo(QuicVersions.name(QuicVersions.V1), null, tp.maxIdleTimeout(), tp.maxUdpPayloadSize(),
                tp.initialMaxData(), tp.initialMaxStreamsBidi(), null, null, null);
    }

    private void onVersionNegotiation(List<Integer> versions) {
        if (done) {
            return;
        }
        watching = false; // the sniffer dropped the watch when it called us
        List<String> names = QuicVersions.names(versions);
        QuicInfo info = new QuicInfo(null, names, null, null, null, null, null, null, null);
        finish(failure(Status.VERSION_NEGOTIATION, "the server does not speak QUIC v1; it offers "
                + (names.isEmpty() ? "no version" : String.join(", ", names)), info, null));
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        List<X509Certificate> chain = quic == null ? null : udp.tls().release(quic);
        QuicConnectionCloseEvent event = closeEvent;
        if (cause instanceof QuicClosedChannelException closed && closed.event() != null) {
            event = closed.event();
        }
        if (event != null) {
            finish(closedByServer(event, chain));
        } else if (cause instanceof ProbeTimeoutException || (quic != null && quic.isTimedOut())) {
            finish(failure(Status.TIMEOUT, "no QUIC handshake within the timeout", null, chain));
        } else {
            String message = String.valueOf(cause.getMessage()).replace('\n', ' ');
            finish(failure(Status.HANDSHAKE_FAILED, "QUIC handshake failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + message), null, chain));
        }
    }

    /**
     * The server sent CONNECTION_CLOSE. A transport close with code 0x100-0x1ff carries a TLS alert
     * (RFC 9001 section 4.8): status {@code alert}, as over TCP. Anything else is {@code closed},
     * with the code and reason in the record.
     */
    private AttemptOutcome closedByServer(QuicConnectionCloseEvent event, List<X509Certificate> chain) {
        long code = event.error() & 0xffff_ffffL;
        byte[] reasonBytes = reasonOf(event);
        String reason = reasonBytes == null || reasonBytes.length == 0 ? null
                : NdjsonWriter.escapeBytes(reasonBytes, CLOSE_REASON_LIMIT);
        // The server answered packets of our version, so the connection did use it.
        QuicInfo info = new QuicInfo(QuicVersions.name(QuicVersions.V1), null, null, null, null, null, code, reason,
                null);
        if (!event.isApplicationClose() && code >= 0x100 && code <= 0x1ff) {
            return failure(Status.ALERT, "alert:" + TlsAlerts.name((int) code - 0x100), info, chain);
        }
        String kindOfClose = event.isApplicationClose() ? "quic application close" : "quic connection close";
        return failure(Status.CLOSED, String.format(Locale.ROOT, "%s 0x%x%s", kindOfClose, code,
                reason == null ? "" : ": " + reason), info, chain);
    }

    /** Netty's event throws when the close carried no reason phrase (it clones a null array). */
    private static byte[] reasonOf(QuicConnectionCloseEvent event) {
        try {
            return event.reason();
        } catch (NullPointerException e) {
            return null;
        }
    }

    /** A failed attempt; every UDP record carries a {@code quic} object, empty when nothing was learnt. */
    private AttemptOutcome failure(Status status, String error, QuicInfo info, List<X509Certificate> chain) {
        if (info == null) {
            info = new QuicInfo(null, null, null, null, null, null, null, null, null);
        }
        return new AttemptOutcome(target, attempt, status, Phase.HANDSHAKE, error, -1, -1,
                System.nanoTime() - startNanos, null, null, null, false, chain, new byte[0], kind, null, null,
                ProbeExtras.NONE.withQuic(info));
    }

    private static List<X509Certificate> sessionChain(SSLSession session) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            return out.isEmpty() ? null : out;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /**
     * Releases everything the probe holds, then reports. The connection ends with a transport
     * CONNECTION_CLOSE, NO_ERROR, whatever the outcome: an application close (H3_NO_ERROR, as
     * this probe sent until 2026-11-30) right after the handshake, before the server confirmed it,
     * made quiche (netty-codec-native-quic 4.2.18) emit close packets without end from inside
     * {@code close()}, about once in 5,000 handshakes: the event loop spun in
     * {@code QuicheQuicChannel.connectionSendSimple} and memory grew by gigabytes (quiche issue
     * 1433 is the same state). RFC 9000 section 10.2.3 asks for exactly this transport close
     * before handshake confirmation anyway.
     */
    private void finish(AttemptOutcome outcome) {
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (watching) {
            udp.sniffer().forget(scid);
            watching = false;
        }
        if (quic != null) {
            udp.tls().release(quic);
            quic.close();
        }
        onDone.accept(outcome);
    }

    /** On the connection: knows the channel from the start, and keeps the server's CONNECTION_CLOSE. */
    private final class Watcher extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            quic = (QuicChannel) ctx.channel();
            if (done) {
                // The probe ended (deadline) before the connection was registered: nothing may outlive it.
                udp.tls().release(quic);
                quic.close();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicConnectionCloseEvent e) {
                closeEvent = e;
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
        }
    }

    /** Streams the server opens (HTTP/3 control and QPACK streams) are read and dropped. */
    @ChannelHandler.Sharable
    private static final class DiscardStreams extends ChannelInboundHandlerAdapter {
        static final DiscardStreams INSTANCE = new DiscardStreams();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
