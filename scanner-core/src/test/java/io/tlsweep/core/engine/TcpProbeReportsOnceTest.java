package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.tlsweep.core.lab.fake.ToyDialect;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsClientContextFactory;
import io.tlsweep.core.tls.TlsProvider;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A probe reports exactly once even when its total timeout fires and the server's bytes end the
 * prelude before the probe's deferred close has run (seen in 32 of 10,000 hostile probes on a
 * loaded box). The interleaving is forced through Netty's event loop: a batch of tasks runs at most
 * ~1 s ({@code io.netty.eventLoop.maxTaskProcessingQuantumMs}, checked every 64 tasks), then I/O
 * runs before the next batch. The deadline is made the 64th task of an over-long batch, so the
 * close it queues waits behind an I/O phase that reads the server's bytes.
 */
class TcpProbeReportsOnceTest {

    /** Any byte from the server ends this prelude with protocol_mismatch. */
    private static final StartTlsDialect STOPS_ON_ANY_BYTE = ToyDialect.serverFirst("toy", in -> {
        in.skipBytes(in.readableBytes());
        return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH, "toy: any byte ends it");
    });

    private static final int TASK_MILLIS = 20;

    /**
     * Batch 1 takes 64 tasks, some of them Netty's own (how many is not ours to know), so nine
     * scenarios, each on its own event loop and all at once, queue 119 to 127 tasks: in one of them
     * the deadline is the 64th task of batch 2.
     */
    @Test
    void aPreludeEndingAfterTheTimeoutReportedIsNotReportedAgain() throws Exception {
        List<java.util.concurrent.CompletableFuture<List<AttemptOutcome>>> runs = new java.util.ArrayList<>();
        for (int tasks = 119; tasks <= 127; tasks++) {
            int n = tasks;
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> scenario(n, 80 + n - 119),
                    r -> new Thread(r, "scenario-" + n).start()));
        }
        for (int i = 0; i < runs.size(); i++) {
            List<AttemptOutcome> reports = runs.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(1, reports.size(), "one report per attempt (scenario " + (119 + i) + "): " + reports);
            AttemptOutcome only = reports.get(0);
            assertTrue(only.status() == Status.TIMEOUT || only.status() == Status.PROTOCOL_MISMATCH, only.toString());
            assertEquals(Phase.PRELUDE, only.phase());
        }
    }

    /** One probe on its own loop, {@code tasks} tasks of 20 ms queued behind it; returns its reports. */
    private static List<AttemptOutcome> scenario(int tasks, int lastOctet) {
        CountDownLatch accepted = new CountDownLatch(1);
        CountDownLatch speak = new CountDownLatch(1);
        List<AttemptOutcome> reports = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
            server.bind(new InetSocketAddress(address, 0));
            Thread serverThread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    accepted.countDown();
                    speak.await();
                    s.getOutputStream().write("STOP\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // until the probe hangs up
                    }
                } catch (Exception ignored) {
                    // the probe reset the connection: expected
                }
            }, "speaks-late");
            serverThread.setDaemon(true);
            serverThread.start();

            ScanConfig config = ScanConfig.builder().provider(TlsProvider.preferred())
                    .connectTimeout(Duration.ofSeconds(5)).handshakeTimeout(Duration.ofSeconds(30))
                    .totalTimeout(Duration.ofMillis(300)).build();
            Transports nio = Transports.select(false);
            MultiThreadIoEventLoopGroup group = nio.newGroup(1);
            try {
                EventLoop loop = group.next();
                Bootstrap template = new Bootstrap().group(group).channel(nio.socketChannel())
                        .option(ChannelOption.SO_LINGER, 0);
                Target target = new Target(address, server.getLocalPort(), Transport.TCP, null, null);
                new TcpProbe(target, 1, new ProbeKind("toy", STOPS_ON_ANY_BYTE), new PreludeOptions(null, null, 1),
                        TlsClientContextFactory.create(config.provider(), config.alpn()), config, reports::add)
                        .start(template, loop);
                assertTrue(accepted.await(10, TimeUnit.SECONDS), "connected");
                loop.submit(() -> { }).get(10, TimeUnit.SECONDS); // the connect is processed: the prelude runs

                // Batch 1: 64 tasks, ~1.3 s; the deadline falls due meanwhile, but a batch takes
                // scheduled tasks only when it starts. I/O: nothing to read yet. Batch 2: the rest,
                // one of which lets the server speak, then the deadline: where it is the 64th, it
                // reports and queues the close, the batch is over its quantum, and I/O comes first,
                // reading the server's line, which ends the prelude.
                for (int i = 1; i <= tasks; i++) {
                    int n = i;
                    loop.execute(() -> {
                        if (n == 70) {
                            speak.countDown();
                        }
                        sleep(TASK_MILLIS);
                    });
                }
                loop.submit(() -> { }).get(30, TimeUnit.SECONDS);
                Thread.sleep(500); // a second report, if any, comes from the next I/O phase
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return reports;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
