package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's rate governor with fake launchers: the per-host rate spaces probe attempts to
 * one address, and hellos of a running enumeration ({@link ConnectionPermits}) go before new probes.
 */
class ScanRunGovernorTest {

    private MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Target target(int host, int port) throws Exception {
        return new Target(InetAddress.getByAddress(new byte[] {127, 2, 0, (byte) host}), port, Transport.TCP, null,
                null);
    }

    private static AttemptOutcome refused(Target t, int attempt) {
        return new AttemptOutcome(t, attempt, Status.REFUSED, io.tlsweep.core.result.Phase.CONNECT, null, -1, -1, 1,
                null, null, null, false, null, new byte[0]);
    }

    private static ScanEngine.Analyst analyst() {
        return (o, records, after) -> {
            Target t = o.target();
            records.accept(new ScanRecord(Instant.EPOCH, t.ip().getHostAddress(), t.port(), "tcp", null, null,
                    o.status(), null, o.phase(), o.attempt(), new Timings(null, null, null), null, null, null,
                    List.of()));
            after.run();
        };
    }

    @Test
    void thePerHostRateSpacesProbeAttemptsToOneAddress() throws Exception {
        List<Target> all = new ArrayList<>();
        for (int port = 1; port <= 15; port++) {
            all.add(target(1, port));
            all.add(target(2, port));
        }
        ScanConfig config = ScanConfig.builder().concurrency(64).perHostRate(50).build();
        Map<InetAddress, List<Long>> starts = new ConcurrentHashMap<>();
        ScanEngine.Launcher launcher = (t, attempt, kind, onDone) -> {
            starts.computeIfAbsent(t.ip(), k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            onDone.accept(refused(t, attempt));
        };
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        EventLoop control = group.next();
        ScanRun run = new ScanRun(config, control, all.iterator(), launcher, analyst(),
                r -> seen.merge(r.ip() + ":" + r.port(), 1, Integer::sum));
        control.execute(run::pump);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(all.size(), seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "exactly one record per target");
        for (List<Long> s : starts.values()) {
            assertEquals(15, s.size());
            long span = s.get(14) - s.get(0);
            // 15 connections at 50/s: 14 intervals of 20 ms; a lower bound only
            assertTrue(span >= TimeUnit.MILLISECONDS.toNanos(250), "15 starts at 50/s in " + span / 1_000_000 + " ms");
        }
    }

    @Test
    void helloPermitsGoBeforeNewProbes() throws Exception {
        List<Target> all = new ArrayList<>();
        for (int host = 1; host <= 4; host++) {
            all.add(target(host, 443));
        }
        ScanConfig config = ScanConfig.builder().concurrency(4).rate(50).build();
        List<String> events = new CopyOnWriteArrayList<>();
        ScanRun[] run = new ScanRun[1];
        ScanEngine.Launcher launcher = (t, attempt, kind, onDone) -> {
            events.add("probe " + t.ip().getHostAddress());
            if (events.size() == 1) {
                helloChain(run[0], t, 5, events, () -> onDone.accept(refused(t, attempt)));
            } else {
                onDone.accept(refused(t, attempt));
            }
        };
        EventLoop control = group.next();
        run[0] = new ScanRun(config, control, all.iterator(), launcher, analyst(), r -> { });
        control.execute(run[0]::pump);
        run[0].completion().get(30, TimeUnit.SECONDS);

        assertEquals(4 + 5, events.size(), events.toString());
        assertEquals("probe 127.2.0.1", events.get(0));
        for (int i = 1; i <= 5; i++) {
            assertEquals("hello 127.2.0.1", events.get(i), "the started endpoint's hellos come first: " + events);
        }
    }

    @Test
    void afterACancelWaitingAndNewHellosAreRefusedAndTheRunCompletes() throws Exception {
        List<Target> all = List.of(target(9, 443));
        // 1 connection per second to the host: the probe takes it, the hellos would wait seconds each
        ScanConfig config = ScanConfig.builder().concurrency(4).perHostRate(1).build();
        List<String> events = new CopyOnWriteArrayList<>();
        ScanRun[] run = new ScanRun[1];
        ScanEngine.Launcher launcher = (t, attempt, kind, onDone) -> {
            events.add("probe " + t.ip().getHostAddress());
            helloChain(run[0], t, 3, events, () -> onDone.accept(refused(t, attempt)));
            run[0].cancel(); // while the first hello waits for its host's token
        };
        EventLoop control = group.next();
        List<ScanRecord> records = new CopyOnWriteArrayList<>();
        run[0] = new ScanRun(config, control, all.iterator(), launcher, analyst(), records::add);
        control.execute(run[0]::pump);
        run[0].completion().get(30, TimeUnit.SECONDS);

        assertEquals(List.of("probe 127.2.0.9", "refused 127.2.0.9", "refused 127.2.0.9", "refused 127.2.0.9"),
                events);
        assertEquals(1, records.size(), "the probe's record still goes out");
    }

    /** Asks for {@code n} permits one after the other, as an enumeration does, then runs {@code done}. */
    private static void helloChain(ScanRun run, Target t, int n, List<String> events, Runnable done) {
        if (n == 0) {
            done.run();
            return;
        }
        run.acquire(t.ip(), () -> {
            events.add("hello " + t.ip().getHostAddress());
            helloChain(run, t, n - 1, events, done);
        }, () -> {
            events.add("refused " + t.ip().getHostAddress());
            helloChain(run, t, n - 1, events, done);
        });
    }
}
