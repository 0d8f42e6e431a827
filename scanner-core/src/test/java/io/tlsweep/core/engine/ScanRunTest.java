package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.tlsweep.core.result.Phase;
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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher alone, with a fake launcher that finishes attempts after random delays on another
 * thread pool: caps hold, every target yields exactly one record, timeouts are retried.
 */
class ScanRunTest {

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

    private static List<Target> targets(int hosts, int portsPerHost) throws Exception {
        List<Target> out = new ArrayList<>();
        for (int p = 0; p < portsPerHost; p++) {
            for (int h = 0; h < hosts; h++) {
                InetAddress ip = InetAddress.getByAddress(new byte[] {127, 1, (byte) (h >> 8), (byte) h});
                out.add(new Target(ip, 1000 + p, Transport.TCP, null, null));
            }
        }
        return out;
    }

    private static AttemptOutcome outcome(Target t, int attempt, Status status) {
        return new AttemptOutcome(t, attempt, status, status == Status.SUCCESS ? null : Phase.CONNECT, null,
                -1, -1, 1, null, null, null, false, null, new byte[0]);
    }

    private static ScanRecord record(AttemptOutcome o) {
        Target t = o.target();
        return new ScanRecord(Instant.EPOCH, t.ip().getHostAddress(), t.port(), "tcp", null, null, o.status(),
                null, o.phase(), o.attempt(), new Timings(null, null, null), null, null, null, List.of());
    }

    @Test
    void capsHoldAndEveryTargetYieldsOneRecord() throws Exception {
        List<Target> all = targets(20, 50);
        ScanConfig config = ScanConfig.builder().concurrency(64).perHostLimit(3).build();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Map<InetAddress, AtomicInteger> perHost = new ConcurrentHashMap<>();
        AtomicInteger maxPerHost = new AtomicInteger();
        Random random = new Random(1);
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int h = perHost.computeIfAbsent(target.ip(), k -> new AtomicInteger()).incrementAndGet();
            maxPerHost.accumulateAndGet(h, Math::max);
            network.schedule(() -> {
                perHost.get(target.ip()).decrementAndGet();
                inFlight.decrementAndGet();
                onDone.accept(outcome(target, attempt, Status.REFUSED));
            }, random.nextInt(500), TimeUnit.MICROSECONDS);
        };
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        ScanEngine.Analyst analyst = (o, records, after) -> network.execute(() -> {
            records.accept(record(o));
            after.run();
        });
        EventLoop control = group.next();
        ScanRun run = new ScanRun(config, control, all.iterator(), launcher, analyst,
                r -> seen.merge(r.ip() + ":" + r.port(), 1, Integer::sum));
        control.execute(run::pump);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(all.size(), seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "exactly one record per target");
        assertTrue(maxInFlight.get() <= 64, "in-flight cap: " + maxInFlight.get());
        assertTrue(maxPerHost.get() <= 3, "per-host cap: " + maxPerHost.get());
        assertEquals(all.size(), run.finished());
        assertEquals(0, run.inFlight());
    }

    @Test
    void timeoutsAreRetriedThenReportedOnce() throws Exception {
        List<Target> all = targets(5, 4);
        ScanConfig config = ScanConfig.builder().concurrency(8).retries(2).build();
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            attempts.computeIfAbsent(target.ip() + ":" + target.port(), k -> new AtomicInteger()).incrementAndGet();
            // odd ports always time out; even ports answer on the second attempt
            Status s = target.port() % 2 == 1 || attempt == 1 ? Status.TIMEOUT : Status.REFUSED;
            network.execute(() -> onDone.accept(outcome(target, attempt, s)));
        };
        List<ScanRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
        ScanEngine.Analyst analyst = (o, sink, after) -> network.execute(() -> {
            sink.accept(record(o));
            after.run();
        });
        EventLoop control = group.next();
        ScanRun run = new ScanRun(config, control, all.iterator(), launcher, analyst, records::add);
        control.execute(run::pump);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(all.size(), records.size());
        for (ScanRecord r : records) {
            if (r.port() % 2 == 1) {
                assertEquals(Status.TIMEOUT, r.status());
                assertEquals(3, r.attempts(), "1 + 2 retries");
            } else {
                assertEquals(Status.REFUSED, r.status());
                assertEquals(2, r.attempts());
            }
        }
    }

    @Test
    void rateLimitSpacesConnections() throws Exception {
        List<Target> all = targets(1, 5);
        ScanConfig config = ScanConfig.builder().rate(20).build();
        List<Long> starts = java.util.Collections.synchronizedList(new ArrayList<>());
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            starts.add(System.nanoTime());
            network.execute(() -> onDone.accept(outcome(target, attempt, Status.REFUSED)));
        };
        ScanEngine.Analyst analyst = (o, sink, after) -> {
            sink.accept(record(o));
            after.run();
        };
        EventLoop control = group.next();
        ScanRun run = new ScanRun(config, control, all.iterator(), launcher, analyst, r -> { });
        control.execute(run::pump);
        run.completion().get(30, TimeUnit.SECONDS);
        assertEquals(5, starts.size());
        // 20/s = one every 50 ms after the first; a lower bound only (a slow machine may be later).
        long span = starts.get(4) - starts.get(0);
        assertTrue(span >= 4 * 50_000_000L - 2_000_000L, "5 connections at 20/s took " + span / 1e6 + " ms");
    }

    /**
     * Port 1000 answers plaintext to every mode (the chain is bounded and, having learnt nothing,
     * reports the first attempt); port 1001 answers plaintext first and TLS to the follow-up (the
     * follow-up is reported, with the first attempt beside it); others refuse (no follow-up).
     */
    @Test
    void modeDetectionFollowsUpBoundedAndReportsTheAttemptThatLearntTheMode() throws Exception {
        List<Target> all = targets(3, 3);
        ProbeKind other = new ProbeKind("svc", null);
        ProbePlanner planner = new ProbePlanner() {
            @Override
            public ProbeKind plan(Target target) {
                return ProbeKind.IMPLICIT_TLS;
            }

            @Override
            public ProbeKind followUp(Target target, ProbeKind tried, ModeObservation seen) {
                return seen.status() == Status.NOT_TLS ? other : null;
            }
        };
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            attempts.computeIfAbsent(target.ip() + ":" + target.port(), k -> new AtomicInteger()).incrementAndGet();
            assertEquals(attempt == 1 ? ProbeKind.IMPLICIT_TLS : other, kind);
            Status s = target.port() == 1000 || (target.port() == 1001 && attempt == 1) ? Status.NOT_TLS
                    : target.port() == 1001 ? Status.SUCCESS : Status.REFUSED;
            network.execute(() -> onDone.accept(outcome(target, attempt, s)));
        };
        List<AttemptOutcome> reported = java.util.Collections.synchronizedList(new ArrayList<>());
        ScanEngine.Analyst analyst = (o, sink, after) -> {
            reported.add(o);
            sink.accept(record(o));
            after.run();
        };
        EventLoop control = group.next();
        ScanRun run = new ScanRun(ScanConfig.builder().build(), control, all.iterator(), planner, launcher, analyst,
                r -> { });
        control.execute(run::pump);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(all.size(), reported.size(), "one record per target, follow-ups included");
        for (AttemptOutcome o : reported) {
            int made = attempts.get(o.target().ip() + ":" + o.target().port()).get();
            switch (o.target().port()) {
                case 1000 -> {
                    assertEquals(1 + ScanRun.MAX_FOLLOW_UPS, made, "bounded");
                    assertEquals(made, o.attempt(), "the record counts every attempt");
                    assertEquals(Status.NOT_TLS, o.status());
                    assertEquals(ProbeKind.IMPLICIT_TLS, o.kind(), "nothing learnt: the first attempt is reported");
                }
                case 1001 -> {
                    assertEquals(2, made);
                    assertEquals(Status.SUCCESS, o.status());
                    assertEquals(Status.NOT_TLS, o.earlier().status(), "the first attempt travels with the record");
                }
                default -> {
                    assertEquals(1, made);
                    assertEquals(null, o.earlier());
                }
            }
        }
    }

    /** QUIC has one mode: a planner's follow-up is never asked for a UDP target; timeouts are still retried. */
    @Test
    void udpTargetsGetNoModeDetectionButTheirRetries() throws Exception {
        List<Target> all = new ArrayList<>();
        for (Target t : targets(4, 2)) {
            all.add(new Target(t.ip(), t.port(), Transport.UDP, null, null));
        }
        ProbePlanner planner = new ProbePlanner() {
            @Override
            public ProbeKind plan(Target target) {
                return ProbeKind.IMPLICIT_TLS;
            }

            @Override
            public ProbeKind followUp(Target target, ProbeKind tried, ModeObservation seen) {
                throw new AssertionError("follow-up asked for " + target);
            }
        };
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            attempts.computeIfAbsent(target.ip() + ":" + target.port(), k -> new AtomicInteger()).incrementAndGet();
            Status s = target.port() == 1000 ? Status.CLOSED : Status.TIMEOUT;
            network.execute(() -> onDone.accept(outcome(target, attempt, s)));
        };
        List<AttemptOutcome> reported = java.util.Collections.synchronizedList(new ArrayList<>());
        ScanEngine.Analyst analyst = (o, sink, after) -> {
            reported.add(o);
            sink.accept(record(o));
            after.run();
        };
        EventLoop control = group.next();
        ScanRun run = new ScanRun(ScanConfig.builder().retries(1).build(), control, all.iterator(), planner, launcher,
                analyst, r -> { });
        control.execute(run::pump);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(all.size(), reported.size());
        for (AttemptOutcome o : reported) {
            int made = attempts.get(o.target().ip() + ":" + o.target().port()).get();
            assertEquals(o.target().port() == 1000 ? 1 : 2, made, o.toString());
        }
    }

    @Test
    void emptyPlanCompletes() throws Exception {
        ScanConfig config = ScanConfig.builder().build();
        EventLoop control = group.next();
        ScanRun run = new ScanRun(config, control, List.<Target>of().iterator(),
                (t, a, k, d) -> { throw new AssertionError("nothing to launch"); },
                (o, s, a) -> { throw new AssertionError(); }, r -> { });
        control.execute(run::pump);
        run.completion().get(5, TimeUnit.SECONDS);
        assertEquals(0, run.finished());
    }
}
