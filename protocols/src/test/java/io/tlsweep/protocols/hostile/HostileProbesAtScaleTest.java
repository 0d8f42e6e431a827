package io.tlsweep.protocols.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.tls.TlsProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 10,000 probes in one engine run, every one against a hostile server: 16 kinds of misbehaviour
 * (implicit TLS and behind SMTP, PostgreSQL, LDAP and XMPP fronts) on 25 loopback addresses each,
 * each server probed 25 times under distinct SNI names. Every probe yields exactly one record with
 * its server's status, the engine ends with nothing in flight, every connection is closed, and the
 * heap after GC, sampled during the run, stays under {@link #HEAP_GROWTH_LIMIT} above where it started.
 */
class HostileProbesAtScaleTest {

    static final int PROBES = 10_000;
    static final int ADDRESSES_PER_KIND = 25;
    static final int NAMES_PER_SERVER = 25;
    /** High for two cores: every probe ends by a timer or a hostile answer, and the timers must still fire on time. */
    static final int CONCURRENCY = 500;
    /**
     * Live heap a run may add over its start: the engine holds at most {@code concurrency} probes
     * (tens of KiB each with their TLS engines and buffers; 17-54 MiB measured at the peak) plus the
     * test's own bookkeeping of 10,000 keys (~2 MiB). A per-probe leak of 10 KiB (98 MiB over the
     * run) would cross it.
     */
    static final long HEAP_GROWTH_LIMIT = 96L << 20;

    /** The mix: behaviour, placement, dialect (null: implicit TLS). */
    private record Kind(HostileBehaviour behaviour, Placement placement, String dialect) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(HostileBehaviour.SILENT, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.DRIP, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.GARBAGE, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.ENDLESS, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.HUGE_CHAIN, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.OVERSIZED_RECORD, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.RESET_AFTER_SERVER_HELLO, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.CLOSE, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.ALERT, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.NEVER_CLOSE, Placement.IMPLICIT_TLS, null),
            new Kind(HostileBehaviour.ENDLESS, Placement.MID_PRELUDE, "smtp"),
            new Kind(HostileBehaviour.SILENT, Placement.MID_PRELUDE, "smtp"),
            new Kind(HostileBehaviour.ALERT, Placement.AFTER_GO_AHEAD, "smtp"),
            new Kind(HostileBehaviour.GARBAGE, Placement.AFTER_GO_AHEAD, "postgres"),
            new Kind(HostileBehaviour.ENDLESS, Placement.MID_PRELUDE, "ldap"),
            new Kind(HostileBehaviour.INJECT, Placement.AFTER_GO_AHEAD, "xmpp"));

    @Test
    void tenThousandHostileProbesOneRecordEachNothingLeftBehind() throws Exception {
        assertEquals(PROBES, KINDS.size() * ADDRESSES_PER_KIND * NAMES_PER_SERVER);
        // BoringSSL: the default, and the provider whose per-probe cost lets 10,000 fit a CI minute.
        ScanConfig config = ScanConfig.builder().provider(TlsProvider.preferred()).concurrency(CONCURRENCY)
                .connectTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofMillis(2000))
                .totalTimeout(Duration.ofMillis(3000)).build();
        try (HostileLab lab = new HostileLab(Duration.ofMillis(100), 2)) {
            List<HostileServer> servers = new ArrayList<>();
            for (int k = 0; k < KINDS.size(); k++) {
                Kind kind = KINDS.get(k);
                for (int a = 0; a < ADDRESSES_PER_KIND; a++) {
                    servers.add(lab.start(HostileLab.loopback(10 + k, 1 + a), kind.placement(), kind.behaviour(),
                            kind.dialect()));
                }
            }
            Map<String, HostileServer> byKey = new HashMap<>();
            List<Target> targets = new ArrayList<>(PROBES);
            for (HostileServer s : servers) {
                byKey.put(HostileScans.key(s.target()), s);
                for (int n = 0; n < NAMES_PER_SERVER; n++) {
                    targets.add(s.target("n" + n + "." + HostileLab.SERVER_NAME));
                }
            }
            Collections.shuffle(targets, new Random(10_000));

            Map<String, Boolean> seen = new ConcurrentHashMap<>(2 * PROBES);
            AtomicInteger duplicates = new AtomicInteger();
            AtomicInteger wrongStatus = new AtomicInteger();
            AtomicInteger late = new AtomicInteger();
            AtomicLong slowest = new AtomicLong();
            Map<Status, AtomicInteger> byStatus = new EnumMap<>(Status.class);
            for (Status st : Status.values()) {
                byStatus.put(st, new AtomicInteger());
            }
            List<String> firstWrong = Collections.synchronizedList(new ArrayList<>());

            HeapSampler heap = new HeapSampler();
            heap.start();
            long started = System.nanoTime();
            HostileScans.RunEnd end = HostileScans.scan(config, targets, HostileScans.plannerFor(servers),
                    lab.trustAnchor(), r -> {
                        if (seen.putIfAbsent(r.ip() + "|" + r.port() + "|" + r.sni(), Boolean.TRUE) != null) {
                            duplicates.incrementAndGet();
                            if (firstWrong.size() < 5) {
                                firstWrong.add("DUPLICATE " + byKey.get(HostileScans.key(r)).label() + ": " + r);
                            }
                        }
                        byStatus.get(r.status()).incrementAndGet();
                        slowest.accumulateAndGet(Math.round(r.timings().totalMs()), Math::max);
                        HostileServer s = byKey.get(HostileScans.key(r));
                        Status expected = HostileMatrixTest.expected(s).status();
                        if (r.status() == Status.TIMEOUT && expected != Status.TIMEOUT) {
                            late.incrementAndGet(); // an answer the overloaded box did not read in time
                        } else if (r.status() != expected) {
                            wrongStatus.incrementAndGet();
                            if (firstWrong.size() < 5) {
                                firstWrong.add(s.label() + ": " + r);
                            }
                        }
                    });
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            boolean allClosed = lab.awaitAllClosed(Duration.ofSeconds(10));
            heap.stop();

            System.out.printf("10,000 hostile probes: %d s, statuses %s (%d timeouts where the server answered),"
                            + " slowest record %d ms, heap after GC:"
                            + " start %d MiB, max during run %d MiB (%d samples), end %d MiB; connections accepted %d,"
                            + " server bytes written %d MiB%n",
                    seconds, nonZero(byStatus), late.get(), slowest.get(), heap.baseline >> 20, heap.max >> 20, heap.samples,
                    heap.last >> 20, lab.acceptedConnections(), lab.bytesWritten() >> 20);
            assertEquals(0, duplicates.get(), "records delivered twice: " + firstWrong);
            assertEquals(PROBES, seen.size(), "one record per probe");
            assertEquals(0, wrongStatus.get(), "records with another status than their server's: " + firstWrong);
            // 500 probes in flight on two shared cores: some answers come after the total timeout
            // (46 of 10,000 at load 8; 1,068 at load 10 with 1,000 in flight). Each is still one record,
            // within the bound below; the matrix test pins every behaviour's own status.
            assertTrue(late.get() < PROBES / 10, late + " timeouts where the server answered");
            assertEquals(0, end.inFlight(), "in flight after the run");
            assertEquals(PROBES, end.launched(), "one attempt per probe");
            assertTrue(allClosed, lab.openConnections() + " connections still open 10 s after the run");
            // timers fire late when hundreds of probes share two loaded cores (2.8 s seen at load 10)
            assertTrue(slowest.get() <= config.totalTimeout().toMillis() + 4000, "slowest record " + slowest + " ms");
            assertTrue(heap.samples >= 3, "the heap was sampled during the run: " + heap.samples);
            assertTrue(heap.max - heap.baseline < HEAP_GROWTH_LIMIT,
                    "heap after GC grew by " + ((heap.max - heap.baseline) >> 20) + " MiB");
        }
    }

    private static Map<Status, Integer> nonZero(Map<Status, AtomicInteger> counts) {
        Map<Status, Integer> out = new EnumMap<>(Status.class);
        counts.forEach((k, v) -> {
            if (v.get() > 0) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    /** Used heap right after a full GC, every 500 ms on its own thread: live data, not garbage. */
    private static final class HeapSampler implements Runnable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final Thread thread = new Thread(this, "heap-sampler");
        private volatile boolean running = true;
        final long baseline;
        volatile long max;
        volatile long last;
        volatile int samples;

        HeapSampler() {
            baseline = liveHeap();
            max = baseline;
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
            last = liveHeap();
            max = Math.max(max, last);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                long live = liveHeap();
                max = Math.max(max, live);
                samples++;
            }
        }

        private long liveHeap() {
            System.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
