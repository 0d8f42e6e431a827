package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsweep.core.http.HeldInbound;
import io.tlsweep.core.http.HttpExchange;
import io.tlsweep.core.http.HttpRequestLine;
import io.tlsweep.core.prelude.PreludeHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.HttpInfo;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.CaptureBindingHandler;
import io.tlsweep.core.tls.ClientEngines;
import io.tlsweep.core.tls.HandshakeCapture;
import io.tlsweep.core.tls.ServerHelloCapture;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One TCP connection attempt: connect, TLS handshake, capture, (with {@code --http}) one HTTP
 * request, close. Runs entirely on the
 * channel's event loop; it reports exactly once, whatever happens (connect failure, handshake
 * failure, timeout, or the peer vanishing), to {@code onDone}.
 */
final class TcpProbe {

    private final Target target;
    private final int attempt;
    private final ProbeKind kind;
    private final PreludeOptions preludeOptions;
    private final SslContext sslContext;
    private final ScanConfig config;
    private final Consumer<AttemptOutcome> onDone;
    private final HandshakeCapture capture = new HandshakeCapture();
    private final CaptureBindingHandler captureHandler = new CaptureBindingHandler(capture);
    /** Reads the ServerHello for JA3S/JA4S; installed with the SslHandler. */
    private final ServerHelloCapture serverHelloCapture = new ServerHelloCapture();

    private long startNanos;
    private long connectedNanos = -1;
    private Channel channel;
    private SslHandler sslHandler;
    private ScheduledFuture<?> deadline;
    private boolean done;
    /** Set while waiting, after a completed handshake, for a verdict on the client certificate. */
    private AttemptOutcome handshakeDone;
    /** The plaintext upgrade in progress, or null (implicit TLS, or the upgrade is over). */
    private PreludeHandler prelude;
    private ScheduledFuture<?> preludeDeadline;
    private boolean injected;
    /** The dialect's handler below TLS for the handshake (TDS 7.x's PRELOGIN framing), or null. */
    private ChannelHandler tlsFraming;
    /** The web layer's request after the handshake, or null (not asked for, or not started yet). */
    private HttpExchange http;

    TcpProbe(Target target, int attempt, SslContext sslContext, ScanConfig config, Consumer<AttemptOutcome> onDone) {
        this(target, attempt, ProbeKind.IMPLICIT_TLS, null, sslContext, config, onDone);
    }

    TcpProbe(Target target, int attempt, ProbeKind kind, PreludeOptions preludeOptions, SslContext sslContext,
             ScanConfig config, Consumer<AttemptOutcome> onDone) {
        this.target = target;
        this.attempt = attempt;
        this.kind = kind;
        this.preludeOptions = preludeOptions;
        this.sslContext = sslContext;
        this.config = config;
        this.onDone = onDone;
    }

    /** Starts the attempt on {@code loop}; all of the probe's state lives on that one thread. */
    void start(Bootstrap template, EventLoop loop) {
        if (loop.inEventLoop()) {
            connect(template, loop);
        } else {
            loop.execute(() -> connect(template, loop));
        }
    }

    private void connect(Bootstrap template, EventLoop loop) {
        startNanos = System.nanoTime();
        deadline = loop.schedule(
                () -> fail(ProbeTimeoutException.INSTANCE), config.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        Bootstrap bootstrap = template.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(captureHandler, new Watcher());
            }
        });
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(target.ip(), target.port()));
        channel = connect.channel();
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                fail(f.cause());
                return;
            }
            connectedNanos = System.nanoTime();
            ChannelHandlerContext capture = f.channel().pipeline().context(captureHandler);
            if (capture == null) {
                fail(new java.nio.channels.ClosedChannelException());
                return;
            }
            if (kind.dialect() != null) {
                startPrelude(capture);
            } else {
                startTls(capture);
            }
        });
    }

    /**
     * The plaintext upgrade: the dialect's state machine runs in a {@link PreludeHandler} until the
     * server says go ahead. Two clocks bound a tarpit: the server may stay silent at most the
     * handshake timeout at a time (idle, re-armed by every byte it sends), and the whole attempt has
     * the total timeout, so a server trickling one byte a second cannot hold a probe forever.
     */
    private void startPrelude(ChannelHandlerContext capture) {
        prelude = new PreludeHandler(kind.dialect().newSession(preludeOptions), new PreludeHandler.Listener() {
            @Override
            public void upgrade(ChannelHandlerContext ctx, boolean injectedBytes) {
                injected = injectedBytes;
                cancelPreludeDeadline();
                captureHandler.resetFirstBytes(); // from here on, the first bytes are the TLS answer
                ChannelHandlerContext captureCtx = ctx.pipeline().context(captureHandler);
                ctx.pipeline().remove(ctx.handler());
                if (captureCtx != null && !done) {
                    installTlsFraming(captureCtx);
                    startTls(captureCtx);
                }
            }

            @Override
            public void stopped(PreludeOutcome outcome, String reason) {
                cancelPreludeDeadline();
                finishPrelude(outcome.status(), reason);
            }

            @Override
            public void received() {
                armPreludeIdle();
            }
        });
        armPreludeIdle();
        capture.pipeline().addAfter(capture.name(), "prelude", prelude);
    }

    /**
     * A dialect whose protocol wraps the TLS handshake in its own packets supplies the unwrapping
     * handler; it goes first in the pipeline, below the capture handler, so that first_bytes and the
     * failure classification (alert, not_tls) see the TLS bytes, not the protocol's packet headers.
     */
    private void installTlsFraming(ChannelHandlerContext capture) {
        tlsFraming = prelude.session().tlsFraming();
        if (tlsFraming != null) {
            capture.pipeline().addFirst("tls-framing", tlsFraming);
        }
    }

    /** The handshake is over: from here on TLS records go raw on the wire. */
    private void removeTlsFraming() {
        if (tlsFraming != null && channel.pipeline().context(tlsFraming) != null) {
            channel.pipeline().remove(tlsFraming);
        }
    }

    private void armPreludeIdle() {
        cancelPreludeDeadline();
        preludeDeadline = channel.eventLoop().schedule(
                () -> fail(ProbeTimeoutException.PRELUDE_IDLE), config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelPreludeDeadline() {
        if (preludeDeadline != null) {
            preludeDeadline.cancel(false);
            preludeDeadline = null;
        }
    }

    /**
     * The TLS engine is made only now: most probes of a sweep never connect, and an engine (SSL_new,
     * buffers) is the costliest object of a probe. Added to an active channel, the SslHandler starts
     * the handshake (and its timeout) at once.
     */
    private void startTls(ChannelHandlerContext capture) {
        try {
            sslHandler = new SslHandler(newEngine(capture.channel()));
        } catch (RuntimeException e) {
            // e.g. an SNI the TLS library will not send: this probe's fault, not the peer's
            long now = System.nanoTime();
            finish(outcome(Status.LOCAL_ERROR, Phase.HANDSHAKE, "cannot start TLS: " + e.getMessage(),
                    connectedNanos - startNanos, -1, now - startNanos, null, null, null, false, null, new byte[0]));
            return;
        }
        sslHandler.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        capture.pipeline().addAfter(capture.name(), "tls", sslHandler);
        // Directly in front of the SslHandler, so it sees TLS records (after any protocol framing).
        capture.pipeline().addBefore("tls", "server-hello", serverHelloCapture);
        sslHandler.handshakeFuture().addListener(this::onHandshake);
    }

    /** The prelude ended without an upgrade: the record keeps what it showed. */
    private void finishPrelude(Status status, String reason) {
        long now = System.nanoTime();
        finish(outcome(status, Phase.PRELUDE, reason, connectedNanos - startNanos, -1, now - startNanos,
                null, null, null, false, null, captureHandler.firstBytes()));
    }

    /** An outcome of this probe, with its kind and whatever the prelude learnt. */
    private AttemptOutcome outcome(Status status, Phase phase, String error, long connect, long handshake, long total,
                                   String version, String cipher, String alpn, boolean certRequested,
                                   List<X509Certificate> chain, byte[] firstBytes) {
        PreludeInfo info = null;
        if (kind.dialect() != null && prelude != null) {
            PreludeInfo f = prelude.session().facts();
            info = new PreludeInfo(f.protocol(), f.banner(), f.starttlsAdvertised(), f.replyCode(), f.replyText(),
                    injected);
        }
        return new AttemptOutcome(target, attempt, status, phase, error, connect, handshake, total, version, cipher,
                alpn, certRequested, chain, firstBytes, kind, info, null);
    }

    private SSLEngine newEngine(Channel ch) {
        return ClientEngines.prepare(sslContext.newEngine(ch.alloc()), target.sni());
    }

    private void onHandshake(Future<? super Channel> f) {
        if (!f.isSuccess()) {
            fail(f.cause());
            return;
        }
        if (done) {
            return;
        }
        removeTlsFraming();
        long now = System.nanoTime();
        SSLSession session = sslHandler.engine().getSession();
        List<X509Certificate> chain = capture.servedChain();
        if (chain == null) {
            chain = sessionChain(session);
        }
        String alpn = sslHandler.applicationProtocol();
        AttemptOutcome success = outcome(Status.SUCCESS, null, null,
                connectedNanos - startNanos, now - connectedNanos, now - startNanos,
                session.getProtocol(), session.getCipherSuite(), alpn == null || alpn.isEmpty() ? null : alpn,
                capture.wasClientCertRequested(), chain, captureHandler.firstBytes());
        if (capture.wasClientCertRequested() && "TLSv1.3".equals(session.getProtocol())) {
            // In TLS 1.3 the client's handshake ends before the server has judged the (empty)
            // client certificate, so a server that requires one answers with a post-handshake alert
            // (certificate_required). Listen briefly for it: "requires a client certificate" is what
            // an operator needs to know, not a success that fails on the first request.
            handshakeDone = success;
            if (wantsHttp()) {
                // an HTTP/2 server speaks first: keep its opening frames for the request after the grace
                channel.pipeline().addAfter("tls", HELD, new HeldInbound());
            }
            channel.eventLoop().schedule(() -> {
                if (!done) {
                    afterHandshake(handshakeDone);
                }
            }, Math.min(CLIENT_AUTH_GRACE_MILLIS, config.handshakeTimeout().toMillis()), TimeUnit.MILLISECONDS);
            return;
        }
        afterHandshake(success);
    }

    /**
     * The handshake succeeded: finish, or first ask the web endpoint for {@code GET /}
     * ({@code --http}; never after a STARTTLS prelude). The request has the handshake timeout as its
     * own deadline, inside the probe's total one; whatever it meets, the record stays a success.
     */
    private void afterHandshake(AttemptOutcome ok) {
        String protocol = wantsHttp() ? HttpExchange.protocolFor(ok.alpn(), kind.webPort()) : null;
        if (protocol == null) {
            finish(ok);
            return;
        }
        boolean held = channel.pipeline().get(HELD) != null;
        // Kept before it starts: a reset can arrive while the first bytes go out, and fail() must
        // already know that it belongs to the request.
        http = new HttpExchange(protocol, HttpRequestLine.of(target, config.userAgent()), config.handshakeTimeout(),
                info -> finishWithHttp(ok, info));
        http.start(channel, held ? HELD : "tls");
        if (held && channel.pipeline().get(HELD) != null) {
            channel.pipeline().remove(HELD); // replays what the server sent during the grace period
        }
    }

    private static final String HELD = "held-inbound";

    /** The web layer is on and this is implicit TLS: no request after a STARTTLS prelude. */
    private boolean wantsHttp() {
        return config.http() && kind.dialect() == null;
    }

    private void finishWithHttp(AttemptOutcome ok, HttpInfo info) {
        if (done) {
            return;
        }
        finish(outcome(Status.SUCCESS, null, null, ok.connectNanos(), ok.handshakeNanos(),
                System.nanoTime() - startNanos, ok.version(), ok.cipher(), ok.alpn(), ok.clientCertRequested(),
                ok.chain(), ok.firstBytes()).withExtras(ok.extras().withHttp(info)));
    }

    /**
     * How long to wait for a TLS 1.3 server's verdict on our (absent) client certificate. Servers
     * answer within a round trip; half a second covers slow links without slowing sweeps, since
     * only endpoints that asked for a certificate wait.
     */
    static final long CLIENT_AUTH_GRACE_MILLIS = 500;

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

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        if (http != null) {
            http.abort(httpError(cause));
            return;
        }
        if (handshakeDone != null) {
            failAfterHandshake(cause);
            return;
        }
        long now = System.nanoTime();
        boolean connected = connectedNanos >= 0;
        byte[] first = captureHandler.firstBytes();
        boolean inPrelude = connected && prelude != null && sslHandler == null;
        // A plaintext greeting is expected during a prelude: it says nothing about TLS.
        FailureClassifier.Classified c = FailureClassifier.classify(cause, connected, inPrelude ? new byte[0] : first);
        Phase phase = inPrelude ? Phase.PRELUDE : c.phase();
        String error = !inPrelude ? c.error() : switch (c.status()) {
            case TIMEOUT -> cause == ProbeTimeoutException.PRELUDE_IDLE
                    ? "server silent for " + config.handshakeTimeout().toMillis() + " ms during the plaintext prelude"
                    : "no TLS upgrade within the timeout";
            // the classifier's words name the handshake, which never started
            case CLOSED -> "peer closed the connection during the plaintext prelude";
            default -> c.error();
        };
        finish(outcome(c.status(), phase, error,
                connected ? connectedNanos - startNanos : -1, -1, now - startNanos,
                null, null, null, capture.wasClientCertRequested(), capture.servedChain(), first));
    }

    /** Why the web layer's request ended without a head, when the connection or the probe gave up. */
    private String httpError(Throwable cause) {
        if (cause instanceof ProbeTimeoutException) {
            return "timeout: the probe's total timeout passed before the response head";
        }
        FailureClassifier.Classified c = FailureClassifier.classify(cause, true, new byte[0]);
        return switch (c.status()) {
            case RESET -> "reset: connection reset by peer before the response head";
            case CLOSED -> "closed: the peer closed the connection before the response head";
            case ALERT -> c.error();
            default -> "error: " + c.error();
        };
    }

    /** The server ended the connection after our handshake finished: keep what it negotiated. */
    private void failAfterHandshake(Throwable cause) {
        AttemptOutcome ok = handshakeDone;
        if (cause instanceof ProbeTimeoutException) {
            finish(ok);
            return;
        }
        FailureClassifier.Classified c = FailureClassifier.classify(cause, true, new byte[0]);
        finish(outcome(c.status(), c.phase(), c.error(), ok.connectNanos(),
                ok.handshakeNanos(), System.nanoTime() - startNanos, ok.version(), ok.cipher(), ok.alpn(),
                true, ok.chain(), ok.firstBytes()));
    }

    /**
     * Reports {@code outcome}, once: the first caller wins. A timer's report closes the channel only
     * later on the loop, and until then bytes already read can still end the prelude
     * ({@code Listener.stopped}), which must not report a second time (seen in 32 of 10,000 hostile
     * probes on a loaded box: two records for one target, and another target's record lost when the
     * run completed one probe early; {@code TcpProbeReportsOnceTest} forces the interleaving).
     */
    private void finish(AttemptOutcome outcome) {
        if (done) {
            return;
        }
        done = true;
        if (serverHelloCapture.serverHello() != null && outcome.extras().serverHello() == null) {
            // Whatever the outcome: a handshake that failed after the ServerHello still fingerprints the server.
            outcome = outcome.withExtras(outcome.extras().withServerHello(serverHelloCapture.serverHello()));
        }
        cancelPreludeDeadline();
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (channel != null) {
            // SO_LINGER 0 is set on the bootstrap: close sends RST and leaves no TIME_WAIT behind.
            // Closed from the first handler, so the close skips the SslHandler: its close_notify
            // (an encrypt, a write and a flush timer per probe) would be cut off by the RST anyway.
            // Later on the loop, not now: a handshake completes inside the SslHandler's write of our
            // Finished, and closing under it fails that write (an SSLException per probe).
            // A channel that never reached an event loop (no socket: EMFILE, or Bootstrap closed it
            // when registration failed) has nothing to close, and eventLoop() or a pipeline close
            // would throw here, losing the outcome below: the scan would wait for it forever.
            Channel ch = channel;
            if (ch.isRegistered()) {
                try {
                    ch.eventLoop().execute(() -> {
                        ChannelHandlerContext first = ch.pipeline().firstContext();
                        if (first != null) {
                            first.close();
                        } else {
                            ch.close();
                        }
                    });
                } catch (RejectedExecutionException loopShutDown) {
                    ch.close();
                }
            }
        }
        onDone.accept(outcome);
    }

    /** Last handler: turns silent endings (peer closed, stray exceptions) into a failure report. */
    private final class Watcher extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) { // after our own close there is nothing to report, and an exception costs a stack walk
                fail(new java.nio.channels.ClosedChannelException());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}
