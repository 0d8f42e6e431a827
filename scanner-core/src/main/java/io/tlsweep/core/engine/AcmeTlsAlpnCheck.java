package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.ClientEngines;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * The TLS-ALPN-01 half of {@code --acme} (RFC 8737): after the normal probe of a TCP/443 target, a
 * second handshake that offers only ALPN {@code acme-tls/1}, with the probe's SNI. A server (or a
 * TLS-terminating proxy in front of it) that can answer the challenge selects that protocol; most
 * select none or refuse with {@code no_application_protocol}. Runs on the probe's event loop, within
 * what is left of the probe's total timeout, and folds its verdict into the probe's outcome: one
 * record per probe.
 */
final class AcmeTlsAlpnCheck {

    private final AttemptOutcome first;
    private final SslContext context;
    private final ScanConfig config;
    private final Consumer<AttemptOutcome> onDone;

    private EventLoop loop;
    private long startNanos;
    private long budgetNanos;
    private Channel channel;
    private boolean connected;
    private ScheduledFuture<?> deadline;
    private boolean done;

    /**
     * @param first   the normal probe's outcome, passed on (with the verdict) to {@code onDone}
     * @param context a client context offering only {@code acme-tls/1} ({@link AcmeSupport#tlsAlpnContext()})
     * @param onDone  where the merged outcome goes, exactly once
     */
    AcmeTlsAlpnCheck(AttemptOutcome first, SslContext context, ScanConfig config,
                     Consumer<AttemptOutcome> onDone) {
        this.first = first;
        this.context = context;
        this.config = config;
        this.onDone = onDone;
    }

    /**
     * A probe that never reached the server (refused, silent, unroutable at connect) learns nothing
     * from a second handshake: skip it, and say why.
     */
    static boolean worthTrying(AttemptOutcome o) {
        return !(o.phase() == Phase.CONNECT
                && (o.status() == Status.REFUSED || o.status() == Status.TIMEOUT || o.status() == Status.UNREACHABLE));
    }

    /** Runs the check on {@code loop} (the probe's) and reports the merged outcome. */
    void start(Bootstrap template, EventLoop loop) {
        this.loop = loop;
        if (loop.inEventLoop()) {
            begin(template);
        } else {
            loop.execute(() -> begin(template));
        }
    }

    private void begin(Bootstrap template) {
        startNanos = System.nanoTime();
        if (!worthTrying(first)) {
            report(new AcmeInfo.TlsAlpn01(false, "not checked: " + first.error()));
            return;
        }
        budgetNanos = config.totalTimeout().toNanos() - first.totalNanos();
        if (budgetNanos <= 0) {
            report(new AcmeInfo.TlsAlpn01(false, "not checked: the probe used up its total timeout"));
            return;
        }
        deadline = loop.schedule(() -> fail(ProbeTimeoutException.INSTANCE), budgetNanos, TimeUnit.NANOSECONDS);
        Target target = first.target();
        Bootstrap b = template.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(Drain.INSTANCE);
            }
        });
        ChannelFuture connect = b.connect(new InetSocketAddress(target.ip(), target.port()));
        channel = connect.channel();
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            } else if (!done) {
                connected = true;
                handshake(f.channel());
            }
        });
    }

    private void handshake(Channel ch) {
        SslHandler tls;
        try {
            tls = new SslHandler(engine(ch));
        } catch (RuntimeException e) {
            report(new AcmeInfo.TlsAlpn01(false, "not checked: cannot start TLS: " + e.getMessage()));
            return;
        }
        long left = budgetNanos - (System.nanoTime() - startNanos);
        tls.setHandshakeTimeoutMillis(Math.max(1, Math.min(config.handshakeTimeout().toMillis(),
                TimeUnit.NANOSECONDS.toMillis(left))));
        ch.pipeline().addFirst("tls", tls);
        tls.handshakeFuture().addListener((Future<? super Channel> f) -> {
            if (!f.isSuccess()) {
                fail(f.cause());
                return;
            }
            String selected = tls.applicationProtocol();
            if (AcmeSupport.ACME_TLS_1.equals(selected)) {
                report(new AcmeInfo.TlsAlpn01(true, null));
            } else if (selected == null || selected.isEmpty()) {
                report(new AcmeInfo.TlsAlpn01(false, "server selected no ALPN protocol"));
            } else {
                report(new AcmeInfo.TlsAlpn01(false, "server selected " + selected));
            }
        });
    }

    private SSLEngine engine(Channel ch) {
        return ClientEngines.prepare(context.newEngine(ch.alloc()), first.target().sni());
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        FailureClassifier.Classified c = FailureClassifier.classify(cause, connected, new byte[0]);
        report(new AcmeInfo.TlsAlpn01(false, c.error()));
    }

    private void report(AcmeInfo.TlsAlpn01 verdict) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
        AcmeInfo before = first.extras().acme();
        AcmeInfo acme = new AcmeInfo(before == null ? null : before.http01(), verdict);
        long spent = System.nanoTime() - startNanos;
        onDone.accept(first.withExtras(first.extras().withAcme(acme)).withTotalNanos(first.totalNanos() + spent));
    }

    /** Drops whatever the server sends after the handshake (a session ticket, an HTTP/2 preface). */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Drain extends ChannelInboundHandlerAdapter {
        static final Drain INSTANCE = new Drain();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the handshake future reports handshake failures
        }
    }
}
