package io.tlsweep.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.tlsweep.core.lab.fake.FakeClosingServer;
import io.tlsweep.core.lab.fake.FakeServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JarmProbe}'s governor seam ({@link JarmPermits}): each of the ten connections starts only
 * after its permit, granted on another thread as a scan's dispatcher grants it; a refused permit
 * ends the JARM unfinished (null), with no further connection. Loopback 127.0.0.200-201.
 */
class JarmPermitsTest {

    private static MultiThreadIoEventLoopGroup group;
    /** Stands for the scan's dispatcher loop, where permits are granted. */
    private static ExecutorService dispatcher;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        dispatcher = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        dispatcher.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static JarmProbe gated(JarmPermits permits) {
        Bootstrap template = new Bootstrap().group(group).channel(NioSocketChannel.class);
        return new JarmProbe(template, group.next(), Duration.ofSeconds(2), permits);
    }

    @Test
    void everyConnectionWaitsForItsPermit() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger acceptedWhenAsked = new AtomicInteger();
        try (FakeClosingServer server = new FakeClosingServer(FakeServer.loopback(200))) {
            JarmPermits permits = (granted, refused) -> dispatcher.execute(() -> {
                // Each permit is asked before its connection: the server has seen one fewer so far.
                if (server.accepted() == asked.getAndIncrement()) {
                    acceptedWhenAsked.incrementAndGet();
                }
                granted.run();
            });
            JarmResult r = gated(permits).fingerprint(new InetSocketAddress(server.address(), server.port()),
                    "127.0.0.200").get(30, TimeUnit.SECONDS);
            assertEquals(Collections.nCopies(10, "|||"), r.answers());
            assertEquals(JarmHash.ZERO, r.hash(), "the all-zero value, as the reference prints it");
            assertEquals(10, asked.get(), "one permit per connection");
            assertEquals(10, server.accepted());
            assertEquals(10, acceptedWhenAsked.get(), "no connection started before its permit");
        }
    }

    @Test
    void aRefusedPermitEndsTheJarmUnfinished() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (FakeClosingServer server = new FakeClosingServer(FakeServer.loopback(201))) {
            JarmPermits threeThenCancelled = (granted, refused) -> dispatcher.execute(
                    asked.incrementAndGet() <= 3 ? granted : refused);
            JarmResult r = gated(threeThenCancelled).fingerprint(
                    new InetSocketAddress(server.address(), server.port()), "127.0.0.201").get(30, TimeUnit.SECONDS);
            assertNull(r, "no JARM from three of ten probes");
            assertEquals(4, asked.get(), "nothing asked after the refusal");
            assertEquals(3, server.accepted());
        }
    }
}
