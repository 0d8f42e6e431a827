package io.tlsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.target.ProbeGroup;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The group join in the dispatcher, with a fake launcher: a group is analysed once, with every
 * member's final outcome in member order; a member waiting for its siblings holds no in-flight slot;
 * retries and follow-ups happen inside a group; a cancel delivers what ran and nothing else.
 */
class ScanRunGroupTest {

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

    private static InetAddress ip(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 2, (byte) (n >> 8), (byte) n});
    }

    /**
     * {@code hosts} groups of three (TCP no SNI, TCP a.test, UDP no SNI) on port 443, each followed by
     * a probe alone on port 80 of the same address: the shape a plan emits.
     */
    private static List<Target> groupedTargets(int hosts) throws Exception {
        List<Target> out = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            ProbeGroup g = new ProbeGroup(3);
            out.add(new Target(ip(h), 443, Transport.TCP, null, null, g));
            out.add(new Target(ip(h), 443, Transport.TCP, null, "a.test", g));
            out.add(new Target(ip(h), 443, Transport.UDP, null, null, g));
            out.add(new Target(ip(h), 80, Transport.TCP, null, null));
        }
        return out;
    }

    private static String key(Target t) {
        return t.ip().getHostAddress() + "|" + t.port() + "|" + t.transport() + "|" + t.sni();
    }

    private static AttemptOutcome outcome(Target t, int attempt, Status status) {
        return outcome(t, attempt, status, ProbeKind.IMPLICIT_TLS);
    }

    private static AttemptOutcome outcome(Target t, int attempt, Status status, ProbeKind kind) {
        return new AttemptOutcome(t, attempt, status, status == Status.SUCCESS ? null : Phase.CONNECT, null,
                -1, -1, 1, null, null, null, false, null, new byte[0], kind, null, null);
    }

    private static ScanRecord record(AttemptOutcome o) {
        Target t = o.target();
        return new ScanRecord(Instant.EPOCH, t.ip().getHostAddress(), t.port(), t.transport().wire(), null, t.sni(),
                o.status(), null, o.phase(), o.attempt(), new Timings(null, null, null), null, null, null, List.of());
    }

    /** Records what the dispatcher hands over: groups (as lists) and probes alone. */
    private final class RecordingAnalyst implements ScanEngine.Analyst {
        final List<List<AttemptOutcome>> groups = new CopyOnWriteArrayList<>();
        final List<AttemptOutcome> singles = new CopyOnWriteArrayList<>();
        final List<ScanRecord> records = new CopyOnWriteArrayList<>();
        /** What the {@link UnitSink} got: unit number -> whether it was whole. */
        final Map<Long, Boolean> units = new ConcurrentHashMap<>();

        @Override
        public void analyse(AttemptOutcome o, Consumer<ScanRecord> sink, Runnable after) {
            singles.add(o);
            network.execute(() -> {
                sink.accept(record(o));
                after.run();
            });
        }

        @Override
        public void analyseGroup(List<AttemptOutcome> outcomes, Consumer<ScanRecord> sink, Runnable after) {
            groups.add(List.copyOf(outcomes));
            network.execute(() -> {
                outcomes.forEach(o -> sink.accept(record(o)));
                after.run();
            });
        }
    }

    private ScanRun run(ScanConfig config, List<Target> targets, ProbePlanner planner, ScanEngine.Launcher launcher,
                        RecordingAnalyst analyst) {
        EventLoop control = group.next();
        ScanRun run = new ScanRun(config, control, targets.iterator(), planner, launcher, analyst,
                (UnitSink) (unit, records, whole) -> {
                    assertTrue(analyst.units.put(unit, whole) == null, "unit " + unit + " delivered twice");
                    analyst.records.addAll(records);
                });
        control.execute(run::pump);
        return run;
    }

    /**
     * With one slot in all, or one per address, the siblings still run: a member waiting for its
     * group must not keep the slot the next sibling needs (that would never finish).
     */
    @ParameterizedTest(name = "concurrency {0}, per host {1}")
    @CsvSource({"1, 32", "64, 1", "8, 2"})
    void everyGroupIsJoinedOnceInMemberOrder(int concurrency, int perHost) throws Exception {
        List<Target> all = groupedTargets(12);
        ScanConfig config = ScanConfig.builder().concurrency(concurrency).perHostLimit(perHost).build();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
        AtomicInteger maxPerAddress = new AtomicInteger();
        Random random = new Random(4);
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            maxPerAddress.accumulateAndGet(perAddress.computeIfAbsent(target.ip(), k -> new AtomicInteger())
                    .incrementAndGet(), Math::max);
            network.schedule(() -> {
                perAddress.get(target.ip()).decrementAndGet();
                inFlight.decrementAndGet();
                onDone.accept(outcome(target, attempt, Status.REFUSED));
            }, random.nextInt(300), TimeUnit.MICROSECONDS);
        };
        RecordingAnalyst analyst = new RecordingAnalyst();
        ScanRun run = run(config, all, ProbePlanner.IMPLICIT_TLS, launcher, analyst);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(12, analyst.groups.size(), "one analysis per group");
        assertEquals(12, analyst.singles.size(), "probes alone are analysed alone");
        assertEquals(24, analyst.units.size(), "a group is one unit, a probe alone another, numbered in plan order");
        for (long u = 0; u < 24; u++) {
            assertEquals(Boolean.TRUE, analyst.units.get(u), "unit " + u + " delivered once, whole");
        }
        for (List<AttemptOutcome> g : analyst.groups) {
            assertEquals(3, g.size());
            ProbeGroup shared = g.get(0).target().group();
            for (int i = 0; i < 3; i++) {
                assertSame(shared, g.get(i).target().group(), "one group per analysis");
            }
            assertEquals(List.of("TCP|null", "TCP|a.test", "UDP|null"),
                    g.stream().map(o -> o.target().transport() + "|" + o.target().sni()).toList(), "member order");
        }
        assertEquals(all.size(), analyst.records.size(), "one record per member");
        assertEquals(all.size(), analyst.records.stream().map(r -> r.ip() + r.port() + r.transport() + r.sni())
                .distinct().count());
        assertEquals(all.size(), run.finished(), "finished() counts records");
        assertEquals(0, run.inFlight());
        assertTrue(maxInFlight.get() <= concurrency, "in-flight cap: " + maxInFlight.get());
        assertTrue(maxPerAddress.get() <= perHost, "per-host cap: " + maxPerAddress.get());
    }

    /**
     * Member TCP/no-SNI times out once, then is refused; member TCP/a.test answers plaintext and
     * then TLS to the follow-up; member UDP always times out. The group waits for all three.
     */
    @Test
    void retriesAndFollowUpsHappenInsideTheGroup() throws Exception {
        List<Target> all = groupedTargets(3);
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
            attempts.computeIfAbsent(key(target), k -> new AtomicInteger()).incrementAndGet();
            Status s;
            if (target.port() == 80) {
                s = Status.REFUSED;
            } else if (target.transport() == Transport.UDP) {
                s = Status.TIMEOUT;
            } else if (target.sni() == null) {
                s = attempt == 1 ? Status.TIMEOUT : Status.REFUSED;
            } else {
                s = attempt == 1 ? Status.NOT_TLS : Status.SUCCESS;
            }
            network.execute(() -> onDone.accept(outcome(target, attempt, s, kind)));
        };
        RecordingAnalyst analyst = new RecordingAnalyst();
        ScanRun run = run(ScanConfig.builder().concurrency(2).retries(1).build(), all, planner, launcher, analyst);
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(3, analyst.groups.size());
        for (List<AttemptOutcome> g : analyst.groups) {
            assertEquals(3, g.size());
            AttemptOutcome timedOutOnce = g.get(0);
            assertEquals(Status.REFUSED, timedOutOnce.status());
            assertEquals(2, timedOutOnce.attempt());
            AttemptOutcome followedUp = g.get(1);
            assertEquals(Status.SUCCESS, followedUp.status());
            assertEquals(other, followedUp.kind());
            assertEquals(Status.NOT_TLS, followedUp.earlier().status(), "the first attempt travels with the record");
            AttemptOutcome silent = g.get(2);
            assertEquals(Status.TIMEOUT, silent.status());
            assertEquals(2, silent.attempt(), "1 + 1 retry");
            assertEquals(2, attempts.get(key(silent.target())).get());
        }
        assertEquals(all.size(), analyst.records.size());
        assertEquals(all.size(), run.finished());
    }

    /**
     * Two slots, one per address. Group A (three members on one address) and group B (two on
     * another). A0 times out and waits for its retry, A1 and B0 are in flight, A2 waits for its
     * address, B1 was never read from the plan. Cancel, then let the flights land: A is delivered
     * with A0 (its timeout) and A1, B with B0; nothing is invented for A2 or B1, nothing else starts.
     */
    @Test
    void cancelMidGroupDeliversTheMembersThatRan() throws Exception {
        ProbeGroup a = new ProbeGroup(3);
        ProbeGroup b = new ProbeGroup(2);
        Target a0 = new Target(ip(1), 443, Transport.TCP, null, null, a);
        Target a1 = new Target(ip(1), 443, Transport.TCP, null, "x.test", a);
        Target a2 = new Target(ip(1), 443, Transport.UDP, null, null, a);
        Target b0 = new Target(ip(2), 443, Transport.TCP, null, null, b);
        Target b1 = new Target(ip(2), 443, Transport.TCP, null, "x.test", b);
        Target later = new Target(ip(3), 443, Transport.TCP, null, null);
        List<Target> all = List.of(a0, a1, a2, b0, b1, later);
        List<String> launched = new CopyOnWriteArrayList<>();
        Map<Target, Consumer<AttemptOutcome>> held = new ConcurrentHashMap<>();
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            launched.add(key(target) + "#" + attempt);
            if (target.equals(a0) && attempt == 1) {
                network.execute(() -> onDone.accept(outcome(target, attempt, Status.TIMEOUT)));
            } else {
                held.put(target, onDone);
            }
        };
        RecordingAnalyst analyst = new RecordingAnalyst();
        ScanConfig config = ScanConfig.builder().concurrency(2).perHostLimit(1).retries(1).build();
        ScanRun run = run(config, all, ProbePlanner.IMPLICIT_TLS, launcher, analyst);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (held.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Set.of(a1, b0), held.keySet(), "A1 and B0 in flight");
        run.cancel();
        held.get(a1).accept(outcome(a1, 1, Status.SUCCESS));
        held.get(b0).accept(outcome(b0, 1, Status.REFUSED));
        run.completion().get(30, TimeUnit.SECONDS);

        assertEquals(List.of(key(a0) + "#1", key(a1) + "#1", key(b0) + "#1"), sorted(launched), "nothing else started");
        assertEquals(2, analyst.groups.size());
        List<AttemptOutcome> groupA = analyst.groups.stream().filter(g -> g.get(0).target().group() == a).findFirst()
                .orElseThrow();
        assertEquals(List.of(a0, a1), groupA.stream().map(AttemptOutcome::target).toList(), "A2 never ran");
        assertEquals(Status.TIMEOUT, groupA.get(0).status(), "A0 reports what its one attempt learnt");
        assertEquals(1, groupA.get(0).attempt());
        List<AttemptOutcome> groupB = analyst.groups.stream().filter(g -> g.get(0).target().group() == b).findFirst()
                .orElseThrow();
        assertEquals(List.of(b0), groupB.stream().map(AttemptOutcome::target).toList(), "B1 was never read");
        assertTrue(analyst.singles.isEmpty());
        assertEquals(3, analyst.records.size(), "one record per member that ran");
        assertEquals(Map.of(0L, false, 1L, false), analyst.units,
                "A and B are units 0 and 1, both cut short: a resumed scan must probe them again");
        assertEquals(3, run.finished());
        assertEquals(0, run.inFlight());
    }

    /** A probe alone that waits for its retry when the scan is cancelled reports its timeout, once. */
    @Test
    void cancelReportsAProbeAloneWaitingForItsRetry() throws Exception {
        Target first = new Target(ip(1), 443, Transport.TCP, null, null);
        Target second = new Target(ip(1), 8443, Transport.TCP, null, null);
        Map<Target, Consumer<AttemptOutcome>> held = new ConcurrentHashMap<>();
        List<String> launched = new CopyOnWriteArrayList<>();
        ScanEngine.Launcher launcher = (target, attempt, kind, onDone) -> {
            launched.add(key(target) + "#" + attempt);
            if (target.equals(first)) {
                network.execute(() -> onDone.accept(outcome(target, attempt, Status.TIMEOUT)));
            } else {
                held.put(target, onDone);
            }
        };
        RecordingAnalyst analyst = new RecordingAnalyst();
        // one probe per address at a time: the second starts when the first times out, and the
        // first's retry then waits for the address
        ScanRun run = run(ScanConfig.builder().concurrency(2).perHostLimit(1).retries(3).build(),
                List.of(first, second), ProbePlanner.IMPLICIT_TLS, launcher, analyst);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((held.isEmpty() || launched.size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.cancel();
        held.get(second).accept(outcome(second, 1, Status.REFUSED));
        run.completion().get(30, TimeUnit.SECONDS);
        assertEquals(2, analyst.records.size(), analyst.records.toString());
        ScanRecord timedOut = analyst.records.stream().filter(r -> r.port() == 443).findFirst().orElseThrow();
        assertEquals(Status.TIMEOUT, timedOut.status());
        assertEquals(1, timedOut.attempts(), "the retry never ran");
        assertEquals(List.of(key(first) + "#1", key(second) + "#1"), launched);
        assertEquals(Map.of(0L, false, 1L, true), analyst.units, "the first's retry was skipped; the second ran whole");
        assertEquals(2, run.finished());
        assertTrue(analyst.groups.isEmpty());
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        Collections.sort(out);
        return out;
    }
}
