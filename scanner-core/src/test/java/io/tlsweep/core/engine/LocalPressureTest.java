package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelException;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EMFILE and EADDRNOTAVAIL: a connect that finds no free descriptor or local port is this machine's
 * limit, not the target's answer. The dispatcher backs off, carries fewer probes in flight, and
 * tries the probe again without spending a retry; only a probe that meets it for longer than
 * {@link ScanConfig#localPressureWait()} reports {@code local_error}.
 */
class LocalPressureTest {

    private MultiThreadIoEventLoopGroup group;
    private ScheduledExecutorService network;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        network = Executors.newScheduledThreadPool(4);
    }

    @AfterEach
    void tearDown() {
        network.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theErrnoTextsOfLocalExhaustionAreRecognisedWhereverTheyAreWrapped() {
        Throwable emfile = new ChannelException("Unable to create Channel from class EpollSocketChannel",
                new IOException("newSocketStream(..) failed: Too many open files"));
        Throwable nio = new IOException("Too many open files");
        Throwable enfile = new IOException("Too many open files in system");
        Throwable eaddrnotavail = new ConnectException("connect(..) failed: Cannot assign requested address");
        for (Throwable t : List.of(emfile, nio, enfile, eaddrnotavail)) {
            FailureClassifier.Classified c = FailureClassifier.classify(t, false, new byte[0]);
            assertEquals(Status.LOCAL_ERROR, c.status(), t.toString());
            assertTrue(c.error().startsWith(FailureClassifier.LOCAL_PRESSURE), c.error());
        }
        assertEquals("local resource exhausted: too many open files (EMFILE)",
                FailureClassifier.classify(emfile, false, new byte[0]).error());
        assertEquals("local resource exhausted: no free local address or port (EADDRNOTAVAIL)",
                FailureClassifier.classify(eaddrnotavail, false, new byte[0]).error());
        assertNull(FailureClassifier.localPressure(new ConnectException("Connection refused")));
        assertEquals(Status.REFUSED,
                FailureClassifier.classify(new ConnectException("Connection refused"), false, new byte[0]).status());
    }

    private static List<Target> targets(int n) throws Exception {
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Target(InetAddress.getByAddress(new byte[]{127, 5, (byte) (i >> 8), (byte) i}), 443,
                    Transport.TCP, null, null));
        }
        return out;
    }

    private static AttemptOutcome outcome(Target t, int attempt, Status status, String error) {
        return new AttemptOutcome(t, attempt, status, status == Status.SUCCESS ? null : Phase.CONNECT, error,
                -1, -1, 1, null, null, null, false, null, new byte[0]);
    }

    private static final String EMFILE = FailureClassifier.LOCAL_PRESSURE + "too many open files (EMFILE)";

    private record Run(Map<String, ScanRecord> records, ScanRun run) {
    }

    /**
     * A fake machine with {@code sockets} descriptors: an attempt started while that many are held
     * fails with EMFILE at once; the others hold one for a moment and are refused.
     */
    private Run sweep(int targets, int sockets, ScanConfig config) throws Exception {
        AtomicInteger held = new AtomicInteger();
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            if (held.incrementAndGet() > sockets) {
                held.decrementAndGet();
                network.execute(() -> onDone.accept(outcome(target, attempt, Status.LOCAL_ERROR, EMFILE)));
                return;
            }
            network.schedule(() -> {
                held.decrementAndGet();
                onDone.accept(outcome(target, attempt, Status.REFUSED, "connection refused"));
            }, 2, TimeUnit.MILLISECONDS);
        };
        Map<String, ScanRecord> seen = new ConcurrentHashMap<>();
        ScanEngine.Analyst analyst = (o, records, after) -> network.execute(() -> {
            Target t = o.target();
            records.accept(new ScanRecord(Instant.EPOCH, t.ip().getHostAddress(), t.port(), "tcp", null, null,
                    o.status(), o.error(), o.phase(), o.attempt(), new Timings(null, null, null), null, null, null,
                    List.of()));
            after.run();
        });
        EventLoop control = group.next();
        List<Target> all = targets(targets);
        ScanRun run = new ScanRun(config, control, all.iterator(), launcher, analyst, r -> {
            if (seen.put(r.ip(), r) != null) {
                throw new AssertionError("second record for " + r.ip());
            }
        });
        control.execute(run::pump);
        run.completion().get(60, TimeUnit.SECONDS);
        return new Run(seen, run);
    }

    @Test
    void probesThatFindNoDescriptorWaitAndRunWithoutSpendingARetry() throws Exception {
        Run r = sweep(2_000, 40, ScanConfig.builder().concurrency(500).perHostLimit(1).build());
        assertEquals(2_000, r.records().size(), "one record per probe");
        for (ScanRecord rec : r.records().values()) {
            assertEquals(Status.REFUSED, rec.status(), rec.toString());
            assertEquals(1, rec.attempts(), "no retry was spent: " + rec);
        }
        assertTrue(r.run().localPressureEvents() > 0, "the fake machine ran out of descriptors");
        assertEquals(0, r.run().inFlight());
    }

    @Test
    void aProbeThatNeverFindsOneReportsItsLocalErrorAfterTheWait() throws Exception {
        Run r = sweep(3, 0, ScanConfig.builder().concurrency(8)
                .localPressureWait(Duration.ofMillis(300)).build());
        assertEquals(3, r.records().size());
        for (ScanRecord rec : r.records().values()) {
            assertEquals(Status.LOCAL_ERROR, rec.status(), rec.toString());
            assertEquals(EMFILE, rec.error());
        }
        assertTrue(r.run().localPressureEvents() >= 3, "each was put back at least once before giving up");
    }
}
