package io.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsweep.core.enumerate.HelloExchange;
import io.tlsweep.core.enumerate.HelloReply;
import io.tlsweep.core.enumerate.HelloReply.Failure;
import io.tlsweep.core.prelude.PreludeHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.ServerHelloParser;
import io.tlsweep.core.tls.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The engine's {@link HelloExchange}: one Netty connection per raw ClientHello to one endpoint, on
 * the scan's event loops and transport (the scan's connect {@link Bootstrap}, so the same connect
 * timeout, SO_LINGER 0 and TCP_NODELAY as a probe), after the endpoint's STARTTLS upgrade when its
 * {@link ProbeKind} has a dialect (and below the dialect's protocol framing, TDS's PRELOGIN, when it
 * has one). Each hello:
 * <ol>
 *   <li>waits for a permit from the scan's rate governor ({@link ConnectionPermits}: {@code --rate}
 *       and {@code --per-host-rate}); refused once the scan is cancelled, it fails with
 *       {@link Failure#LOCAL} without connecting;</li>
 *   <li>connects, runs the prelude as the probe did ({@link PreludeHandler}, the server silent at
 *       most the handshake timeout at a time);</li>
 *   <li>writes {@link ClientHelloSpec#toRecord()} and feeds what comes back to a
 *       {@link ServerHelloParser} until it has the clear-text flight, the peer closes or resets,
 *       the bytes are not TLS, or the handshake timeout passes;</li>
 *   <li>closes at once (RST, no TIME_WAIT) and completes its future, never exceptionally.</li>
 * </ol>
 * The whole connection is also bounded by the scan's total timeout. Memory per hello is the
 * parser's (at most one record plus one handshake message, see its caps) and the prelude's
 * ({@link PreludeHandler#MAX_PRELUDE_BYTES}).
 */
final class RawHelloExchange implements HelloExchange {

    private final Target target;
    private final ProbeKind kind;
    private final PreludeOptions preludeOptions;
    private final ScanConfig config;
    private final Bootstrap template;
    private final EventLoop loop;
    private final ConnectionPermits permits;

    /**
     * @param kind     how the endpoint's probe reached TLS (its dialect, or none for implicit TLS)
     * @param template the scan's connect bootstrap ({@link ScanEngine#connectBootstrap})
     * @param loop     the event loop every hello of this exchange runs on
     */
    RawHelloExchange(Target target, ProbeKind kind, ScanConfig config, Bootstrap template, EventLoop loop,
                     ConnectionPermits permits) {
        this.target = target;
        this.kind = kind;
        this.preludeOptions = ScanEngine.preludeOptions(config, target, kind);
        this.config = config;
        this.template = template;
        this.loop = loop;
        this.permits = java.util.Objects.requireNonNull(permits, "permits");
    }

    @Override
    public CompletableFuture<HelloReply> send(ClientHelloSpec hello) {
        CompletableFuture<HelloReply> reply = new CompletableFuture<>();
        byte[] record;
        try {
            record = hello.toRecord();
        } catch (RuntimeException e) {
            reply.complete(HelloReply.failed(Failure.LOCAL, "cannot encode the hello: " + e.getMessage()));
            return reply;
        }
        try {
            permits.acquire(target.ip(), () -> {
                try {
                    loop.execute(() -> new Connection(record, reply).connect());
                } catch (RejectedExecutionException e) {
                    reply.complete(HelloReply.failed(Failure.LOCAL, "event loop shut down"));
                }
            }, () -> reply.complete(HelloReply.failed(Failure.LOCAL, "scan cancelled")));
        } catch (RejectedExecutionException e) {
            reply.complete(HelloReply.failed(Failure.LOCAL, "scan shut down"));
        }
        return reply;
    }

    /** One hello's connection; all its state lives on {@link #loop}. */
    private final class Connection extends ChannelInboundHandlerAdapter {

        private final byte[] record;
        private final CompletableFuture<HelloReply> reply;
        private final ServerHelloParser parser = new ServerHelloParser();
        private Channel channel;
        private boolean connected;
        private PreludeHandler prelude;
        /** True once the hello is written: failures from here on are answers to it. */
        private boolean helloSent;
        private ScheduledFuture<?> total;
        private ScheduledFuture<?> phase;
        private boolean done;

        Connection(byte[] record, CompletableFuture<HelloReply> reply) {
            this.record = record;
            this.reply = reply;
        }

        void connect() {
            total = loop.schedule(() -> timedOut("no answer within the total timeout"),
                    config.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
            Bootstrap bootstrap = template.clone(loop).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("hello-reader", Connection.this);
                }
            });
            ChannelFuture f;
            try {
                f = bootstrap.connect(new InetSocketAddress(target.ip(), target.port()));
            } catch (RuntimeException e) {
                finish(HelloReply.failed(Failure.LOCAL, "cannot connect: " + e.getMessage()));
                return;
            }
            channel = f.channel();
            f.addListener((ChannelFuture cf) -> {
                if (!cf.isSuccess()) {
                    connectFailed(cf.cause());
                    return;
                }
                connected = true;
                if (done) {
                    return;
                }
                if (kind.dialect() != null) {
                    startPrelude();
                } else {
                    sendHello();
                }
            });
        }

        private void connectFailed(Throwable cause) {
            FailureClassifier.Classified c = FailureClassifier.classify(cause, false, new byte[0]);
            Failure failure = switch (c.status()) {
                case TIMEOUT -> Failure.TIMEOUT;
                case LOCAL_ERROR -> Failure.LOCAL;
                default -> Failure.REFUSED; // refused, unreachable, reset at connect: nothing to do with the hello
            };
            finish(HelloReply.failed(failure, c.error()));
        }

        /** The same upgrade as the endpoint's probe, the server silent at most the handshake timeout at a time. */
        private void startPrelude() {
            prelude = new PreludeHandler(kind.dialect().newSession(preludeOptions), new PreludeHandler.Listener() {
                @Override
                public void upgrade(ChannelHandlerContext ctx, boolean injected) {
                    ctx.pipeline().remove(ctx.handler());
                    ChannelHandler framing = prelude.session().tlsFraming();
                    if (framing != null) {
                        ctx.pipeline().addFirst("tls-framing", framing);
                    }
                    prelude = null;
                    if (!done) {
                        sendHello();
                    }
                }

                @Override
                public void stopped(PreludeOutcome outcome, String reason) {
                    finish(HelloReply.failed(Failure.PRELUDE, outcome.status().wire() + ": " + reason));
                }

                @Override
                public void received() {
                    armPhase("server silent during the plaintext prelude");
                }
            });
            armPhase("server silent during the plaintext prelude");
            channel.pipeline().addBefore("hello-reader", "prelude", prelude);
        }

        private void sendHello() {
            helloSent = true;
            armPhase("no answer to the hello within the handshake timeout");
            channel.writeAndFlush(Unpooled.wrappedBuffer(record)).addListener((ChannelFuture w) -> {
                if (!w.isSuccess()) {
                    failed(w.cause());
                }
            });
        }

        private void armPhase(String why) {
            cancel(phase);
            phase = loop.schedule(() -> timedOut(why), config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done || !helloSent || !(msg instanceof ByteBuf in)) {
                    return;
                }
                byte[] chunk = new byte[Math.min(in.readableBytes(), 4096)];
                while (in.isReadable() && !done) {
                    int n = Math.min(chunk.length, in.readableBytes());
                    in.readBytes(chunk, 0, n);
                    if (parser.feed(chunk, 0, n)) {
                        finish(new HelloReply(parser.result(), null, null));
                    }
                }
            } catch (WireFormatException e) {
                finish(new HelloReply(parser.result(), Failure.NOT_TLS, e.getMessage()));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failed(new ClosedChannelException());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(cause);
        }

        /** The connection ended or broke after the connect. */
        private void failed(Throwable cause) {
            if (done) {
                return;
            }
            if (!helloSent) {
                // Before the hello went out: the upgrade (or the protocol framing) failed.
                FailureClassifier.Classified c = FailureClassifier.classify(cause, true, new byte[0]);
                finish(HelloReply.failed(Failure.PRELUDE, c.status().wire() + " during the plaintext prelude"));
                return;
            }
            FailureClassifier.Classified c = FailureClassifier.classify(cause, true, new byte[0]);
            Failure failure = switch (c.status()) {
                case RESET -> Failure.RESET;
                case CLOSED -> Failure.CLOSED;
                case NOT_TLS -> Failure.NOT_TLS;
                case TIMEOUT -> Failure.TIMEOUT;
                case LOCAL_ERROR -> Failure.LOCAL;
                default -> Failure.CLOSED; // any other error ended the connection before the flight did
            };
            finish(new HelloReply(parser.result(), failure, c.error()));
        }

        private void timedOut(String why) {
            if (done) {
                return;
            }
            if (!connected) {
                finish(HelloReply.failed(Failure.TIMEOUT, "no connection within the timeout"));
            } else {
                finish(new HelloReply(parser.result(), Failure.TIMEOUT, why));
            }
        }

        /** Completes the reply once and closes the connection at once (SO_LINGER 0: an RST). */
        private void finish(HelloReply r) {
            if (done) {
                return;
            }
            done = true;
            cancel(phase);
            cancel(total);
            if (channel != null && channel.isRegistered()) {
                channel.close();
            }
            reply.complete(r);
        }

        private void cancel(ScheduledFuture<?> f) {
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
