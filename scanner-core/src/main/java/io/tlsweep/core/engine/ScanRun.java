package io.tlsweep.core.engine;

import io.netty.channel.EventLoop;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running scan: the dispatcher and its accounting. Every field is owned by the control event
 * loop; other threads only read the volatile counters or post tasks to it.
 *
 * <p>Order of admission for a probe: in-flight slot, per-host slot, then a rate token. Targets whose
 * host is at its cap wait in a per-host queue (bounded: when it is full the iterator is not read
 * further), so one busy host cannot stall the others.
 */
public final class ScanRun {

    /**
     * A probe to (re)start: its attempt number (1-based), how to probe, and what a first attempt in
     * another mode showed when this is a mode-detection follow-up (else null).
     */
    private record Pending(Target target, int attempt, ProbeKind kind, ModeObservation earlier, AttemptOutcome first,
                           int followUps) {
    }

    /**
     * Most mode-detection attempts after the first: enough for "ClientHello, then SSLRequest, then
     * LDAP StartTLS" on a silent uncatalogued port, bounded so one odd server costs a few attempts.
     */
    static final int MAX_FOLLOW_UPS = 2;

    private final ScanConfig config;
    private final EventLoop control;
    private final Iterator<Target> targets;
    private final ScanEngine.Launcher launcher;
    private final ProbePlanner planner;
    private final ScanEngine.Analyst analyst;
    private final Consumer<ScanRecord> records;
    private final TokenBucket bucket;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    private final ArrayDeque<Pending> retries = new ArrayDeque<>();
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    private final Map<InetAddress, Integer> activePerHost = new HashMap<>();
    private final Map<InetAddress, ArrayDeque<Pending>> parked = new HashMap<>();
    private final int parkLimit;
    private int parkedCount;
    private Pending heldBack;
    private boolean wakeScheduled;
    private boolean cancelled;

    private volatile int inFlight;
    private volatile long launched;
    private volatile long finished;

    ScanRun(ScanConfig config, EventLoop control, Iterator<Target> targets, ScanEngine.Launcher launcher,
            ScanEngine.Analyst analyst, Consumer<ScanRecord> records) {
        this(config, control, targets, ProbePlanner.IMPLICIT_TLS, launcher, analyst, records);
    }

    ScanRun(ScanConfig config, EventLoop control, Iterator<Target> targets, ProbePlanner planner,
            ScanEngine.Launcher launcher, ScanEngine.Analyst analyst, Consumer<ScanRecord> records) {
        this.config = config;
        this.planner = planner;
        this.control = control;
        this.targets = targets;
        this.launcher = launcher;
        this.analyst = analyst;
        this.records = records;
        this.bucket = config.rate() > 0 ? new TokenBucket(config.rate(), System.nanoTime()) : null;
        this.parkLimit = Math.max(1024, 4 * config.concurrency());
    }

    /** Completes when every target has produced its record (or, after {@link #cancel()}, when in-flight ones have). */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Probes currently connecting, handshaking or being analysed. */
    public int inFlight() {
        return inFlight;
    }

    /** Connection attempts started, retries included. */
    public long launched() {
        return launched;
    }

    /** Records delivered. */
    public long finished() {
        return finished;
    }

    /** Stops starting new probes; those in flight still finish and deliver their records. */
    public void cancel() {
        control.execute(() -> {
            cancelled = true;
            checkDone();
        });
    }

    void pump() {
        try {
            pumpUnsafe();
        } catch (Throwable t) {
            cancelled = true;
            completion.completeExceptionally(t);
        }
    }

    private void pumpUnsafe() {
        while (!cancelled && inFlight < config.concurrency()) {
            Pending next = nextCandidate();
            if (next == null) {
                break;
            }
            if (bucket != null) {
                long now = System.nanoTime();
                if (!bucket.tryAcquire(now)) {
                    heldBack = next;
                    scheduleWake(bucket.nanosUntilNext(now));
                    return;
                }
            }
            start(next);
        }
        checkDone();
    }

    /** The next probe allowed by the per-host cap, or null when none is available now. */
    private Pending nextCandidate() {
        if (heldBack != null) {
            Pending p = heldBack;
            heldBack = null;
            return p;
        }
        Pending p;
        while ((p = ready.poll()) != null || (p = retries.poll()) != null) {
            if (hostHasRoom(p)) {
                return p;
            }
            park(p);
        }
        while (parkedCount < parkLimit && targets.hasNext()) {
            Target t = targets.next();
            p = new Pending(t, 1, planner.plan(t), null, null, 0);
            if (hostHasRoom(p)) {
                return p;
            }
            park(p);
        }
        return null;
    }

    private boolean hostHasRoom(Pending p) {
        return activePerHost.getOrDefault(p.target().ip(), 0) < config.perHostLimit();
    }

    private void park(Pending p) {
        parked.computeIfAbsent(p.target().ip(), k -> new ArrayDeque<>()).add(p);
        parkedCount++;
    }

    private void start(Pending p) {
        activePerHost.merge(p.target().ip(), 1, Integer::sum);
        inFlight++;
        launched++;
        launcher.launch(p.target(), p.attempt(), p.kind(),
                outcome -> control.execute(() -> onAttemptDone(p, outcome)));
    }

    private void onAttemptDone(Pending p, AttemptOutcome outcome) {
        InetAddress ip = p.target().ip();
        if (activePerHost.merge(ip, -1, Integer::sum) <= 0) {
            activePerHost.remove(ip);
        }
        ArrayDeque<Pending> waiting = parked.get(ip);
        if (waiting != null) {
            ready.add(waiting.poll());
            parkedCount--;
            if (waiting.isEmpty()) {
                parked.remove(ip);
            }
        }
        // No mode detection over UDP: QUIC has one mode, and silence there says nothing about another.
        ProbeKind other = p.followUps() < MAX_FOLLOW_UPS && !cancelled && p.target().transport() == Transport.TCP
                ? followUp(p, outcome) : null;
        if (other != null) {
            // Mode detection: the port answered in another mode than planned; try that mode.
            inFlight--;
            retries.add(new Pending(p.target(), p.attempt() + 1, other,
                    p.earlier() == null ? outcome.observation() : p.earlier(),
                    p.first() == null ? outcome : p.first(), p.followUps() + 1));
        } else if (outcome.isTimeout() && p.attempt() <= config.retries() && !cancelled) {
            inFlight--;
            retries.add(new Pending(p.target(), p.attempt() + 1, p.kind(), p.earlier(), p.first(), p.followUps()));
        } else {
            analyst.analyse(reported(p, outcome), records, () -> control.execute(this::onRecordDelivered));
        }
        pump();
    }

    /**
     * The attempt a record reports: the last one when it learnt something (TLS, an alert, or a
     * protocol that answered the upgrade request), noting the first; otherwise the first attempt,
     * which at least showed what the port answered, counted with every attempt made.
     */
    private static AttemptOutcome reported(Pending p, AttemptOutcome last) {
        if (p.earlier() == null) {
            return last;
        }
        if (last.learntTheMode() || p.first() == null) {
            return last.withEarlier(p.earlier());
        }
        return p.first().withAttempt(last.attempt());
    }

    /** A planner that throws must not lose the record: it just means no follow-up. */
    private ProbeKind followUp(Pending p, AttemptOutcome outcome) {
        try {
            return planner.followUp(p.target(), p.kind(), outcome.observation());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void onRecordDelivered() {
        inFlight--;
        finished++;
        pump();
    }

    private void scheduleWake(long nanos) {
        if (!wakeScheduled) {
            wakeScheduled = true;
            control.schedule(() -> {
                wakeScheduled = false;
                pump();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkDone() {
        if (completion.isDone() || inFlight > 0) {
            return;
        }
        boolean drained = heldBack == null && ready.isEmpty() && retries.isEmpty() && parkedCount == 0
                && !targets.hasNext();
        if (drained || cancelled) {
            completion.complete(null);
        }
    }
}
