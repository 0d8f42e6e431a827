package io.tlsweep.core.engine;

import static io.tlsweep.core.lab.fake.FakeServer.loopback;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.enumerate.HelloReply;
import io.tlsweep.core.enumerate.HelloReply.Failure;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Randomized answers to a raw hello (seeded): random bytes, and random bytes behind a plausible TLS
 * record header, then a close or silence. Whatever comes, the exchange completes (never
 * exceptionally) with a reply whose failure says why it stopped, within the timeouts.
 */
class RawHelloExchangeRandomTest {

    private static final ScanConfig CONFIG = ScanConfig.builder().connectTimeout(Duration.ofMillis(500))
            .handshakeTimeout(Duration.ofMillis(300)).totalTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anyAnswerEndsInAReply() throws Exception {
        Random random = new Random(7);
        AtomicReference<byte[]> answer = new AtomicReference<>();
        AtomicReference<Boolean> closeAfter = new AtomicReference<>(true);
        MultiThreadIoEventLoopGroup group = TestHellos.clientGroup();
        Bootstrap template = TestHellos.clientBootstrap(group, CONFIG);
        try (Answering server = new Answering(loopback(244), answer, closeAfter)) {
            Target target = new Target(server.address(), server.port(), Transport.TCP, null, null);
            RawHelloExchange exchange = new RawHelloExchange(target, ProbeKind.IMPLICIT_TLS, CONFIG, template,
                    group.next(), ConnectionPermits.NONE);
            EnumSet<Failure> seen = EnumSet.noneOf(Failure.class);
            for (int i = 0; i < 60; i++) {
                byte[] bytes = new byte[random.nextInt(1, 600)];
                random.nextBytes(bytes);
                if (random.nextBoolean()) { // a handshake record header with a random length, then noise
                    bytes[0] = 0x16;
                    bytes[1] = 0x03;
                    bytes[2] = (byte) random.nextInt(0, 5);
                    if (bytes.length > 5 && random.nextBoolean()) {
                        bytes[5] = 0x02; // a ServerHello message type
                    }
                }
                answer.set(bytes);
                closeAfter.set(random.nextInt(4) != 0);
                HelloReply r = exchange.send(TestHellos.tls12(null)).get(20, TimeUnit.SECONDS);
                assertNotNull(r.flight());
                if (r.failure() != null) {
                    seen.add(r.failure());
                }
                assertTrue(r.failure() != Failure.REFUSED && r.failure() != Failure.LOCAL
                        && r.failure() != Failure.PRELUDE, "case " + i + ": " + r.failure() + " " + r.detail());
            }
            assertTrue(seen.contains(Failure.NOT_TLS), "random bytes are mostly not TLS: " + seen);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Answers the first bytes of each connection with the current answer, then closes or goes silent. */
    static final class Answering extends FakeServer {
        private final AtomicReference<byte[]> answer;
        private final AtomicReference<Boolean> closeAfter;

        Answering(InetAddress address, AtomicReference<byte[]> answer, AtomicReference<Boolean> closeAfter) {
            super(address);
            this.answer = answer;
            this.closeAfter = closeAfter;
            bind();
        }

        @Override
        protected void initConnection(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                private boolean answered;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    if (answered) {
                        return;
                    }
                    answered = true;
                    var f = ctx.writeAndFlush(Unpooled.wrappedBuffer(answer.get()));
                    if (closeAfter.get()) {
                        f.addListener(ChannelFutureListener.CLOSE);
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
        }
    }
}
