package io.tlsweep.core.engine;

import io.netty.channel.EventLoop;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.target.PlanCursor;
import io.tlsweep.core.target.ProbeGroup;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running scan: the dispatcher and its accounting. Every field is owned by the control event
 * loop; other threads only read the volatile counters or post tasks to it.
 *
 * <p>Order of admission for a probe: in-flight slot, per-host slot, the host's rate token
 * ({@code --per-host-rate}, when set), then a global rate token. Targets whose host is at its cap
 * wait in a per-host queue, and those whose host's rate is spent wait in a queue ordered by when it
 * allows them (both bounded together: when they are full the iterator is not read further), so one
 * busy host cannot stall the others.
 *
 * <p>Connections inside a running probe (enumeration hellos, {@link ConnectionPermits}) take the
 * same two rate tokens but no slot; they are served before new probes, so an endpoint whose
 * enumeration has started finishes before more are started. After a cancel they are refused, so
 * running enumerations end (incomplete) instead of holding up the drain.
 *
 * <p>Probe groups ({@link Target#group()}: the transports and SNI variants of one address:port) are
 * joined here: a member's final outcome (after retries and mode-detection follow-ups) waits, without
 * holding an in-flight slot, until every member has one; then the whole group goes to the analyst
 * at once ({@link ScanEngine.Analyst#analyseGroup}), which returns one record per member. With
 * {@code --concurrency 1} the siblings simply run one after the other.
 *
 * <p>Cancelling stops new attempts. Probes that already ran but wait for a retry or a follow-up are
 * reported with what they learnt; groups are delivered with the members that ran. No record is lost
 * and none is made up for a probe that never ran. Such units are delivered marked not
 * {@linkplain UnitSink#accept whole}, so a resumable scan can leave them to the next run.
 *
 * <p>Records go out per unit ({@link UnitSink}): a probe alone, or a whole group, numbered by its
 * plan position when the targets come from a {@link PlanCursor}.
 */
public final class ScanRun implements ConnectionPermits {

    /**
     * A probe to (re)start: its attempt number (1-based), how to probe, and what a first attempt in
     * another mode showed when this is a mode-detection follow-up (else null); the join of its group
     * and its member number (null and 0 for a probe alone); and, for a retry or a follow-up, the
     * outcome to report if it never runs (a cancelled scan), else null.
     */
    private record Pending(Target target, long unit, int attempt, ProbeKind kind, ModeObservation earlier,
                           AttemptOutcome first, int followUps, GroupJoin join, int member, AttemptOutcome fallback,
                           long pressureSince) {

        /** The next attempt of the same probe. */
        Pending again(ProbeKind how, ModeObservation firstSeen, AttemptOutcome firstOutcome, int followUpsMade,
                      AttemptOutcome ifNeverRun) {
            return new Pending(target, unit, attempt + 1, how, firstSeen, firstOutcome, followUpsMade, join, member,
                    ifNeverRun, 0);
        }

        /** The same attempt again after local resource pressure: no retry spent. */
        Pending underPressure(long since, AttemptOutcome ifNeverRun) {
            return new Pending(target, unit, attempt, kind, earlier, first, followUps, join, member, ifNeverRun, since);
        }
    }

    /**
     * Most mode-detection attempts after the first: enough for "ClientHello, then SSLRequest, then
     * LDAP StartTLS" on a silent uncatalogued port, bounded so one odd server costs a few attempts.
     */
    static final int MAX_FOLLOW_UPS = 2;

    /** First and longest pause of all new attempts after a connect found no free descriptor or local port. */
    static final long MIN_PRESSURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long MAX_PRESSURE_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * After a connect found no free descriptor, carry this many fewer probes than were in flight:
     * descriptors left for the process itself (loading a class, writing a checkpoint, a log line),
     * which would otherwise fail at the same moment as the connects.
     */
    static final int PRESSURE_HEADROOM = 16;
    /** Attempts that must end without pressure before the lowered in-flight cap grows by one. */
    static final int PRESSURE_RECOVERY_STEP = 32;

    private final ScanConfig config;
    private final EventLoop control;
    private final Iterator<Target> targets;
    private final ScanEngine.Launcher launcher;
    private final ProbePlanner planner;
    private final ScanEngine.Analyst analyst;
    private final UnitSink units;
    private final TokenBucket bucket;
    /** {@code --per-host-rate}; null when off, so the probe path costs one null check. */
    private final PerHostRate hostRate;
    /** Hellos of running enumerations waiting for their rate tokens, first come first served. */
    private final ArrayDeque<HelloPermit> hellos = new ArrayDeque<>();
    /** Probes whose host's rate is spent, by the time it allows them (then arrival). */
    private final PriorityQueue<RateDelayed> rateDelayed = new PriorityQueue<>();
    private long rateDelayedSeq;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    private final ArrayDeque<Pending> retries = new ArrayDeque<>();
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    private final Map<InetAddress, Integer> activePerHost = new HashMap<>();
    private final Map<InetAddress, ArrayDeque<Pending>> parked = new HashMap<>();
    /** Groups with members still to report, by group identity. */
    private final Map<ProbeGroup, GroupJoin> joins = new HashMap<>();
    private final int parkLimit;
    private int parkedCount;
    private Pending heldBack;
    private boolean wakeScheduled;
    /** When the scheduled wake-up runs (System.nanoTime), valid while {@link #wakeScheduled}. */
    private long wakeAt;
    private boolean cancelled;
    /**
     * Local resource pressure (EMFILE, EADDRNOTAVAIL): the in-flight cap the machine showed it can
     * carry (lowered to {@link #PRESSURE_HEADROOM} below what was in flight when a connect failed,
     * raised by one per {@link #PRESSURE_RECOVERY_STEP} attempts that did not fail so, up to
     * {@code --concurrency}). When nothing of ours was in flight to free a
     * descriptor or port (someone else holds them), no attempt starts before {@code pauseUntil}: a
     * pause that doubles per such failure from 10 ms to 1 s, reset by an attempt that connects.
     */
    private int pressureLimit = Integer.MAX_VALUE;
    private long pauseUntil;
    private long pauseNanos;
    private int sincePressure;
    private volatile long pressureEvents;
    /** Unit numbering for targets that do not come from a {@link PlanCursor}: the last unit and its group. */
    private long lastUnit = -1;
    private ProbeGroup lastGroup;

    private volatile int inFlight;
    private volatile long launched;
    private volatile long finished;

    ScanRun(ScanConfig config, EventLoop control, Iterator<Target> targets, ScanEngine.Launcher launcher,
            ScanEngine.Analyst analyst, Consumer<ScanRecord> records) {
        this(config, control, targets, ProbePlanner.IMPLICIT_TLS, launcher, analyst, records);
    }

    ScanRun(ScanConfig config, EventLoop control, Iterator<Target> targets, ProbePlanner planner,
            ScanEngine.Launcher launcher, ScanEngine.Analyst analyst, Consumer<ScanRecord> records) {
        this(config, control, targets, planner, launcher, analyst, eachRecord(records));
    }

    ScanRun(ScanConfig config, EventLoop control, Iterator<Target> targets, ProbePlanner planner,
            ScanEngine.Launcher launcher, ScanEngine.Analyst analyst, UnitSink units) {
        this.config = config;
        this.planner = planner;
        this.control = control;
        this.targets = targets;
        this.launcher = launcher;
        this.analyst = analyst;
        this.units = units;
        this.bucket = config.rate() > 0 ? new TokenBucket(config.rate(), System.nanoTime()) : null;
        this.hostRate = config.perHostRate() > 0 ? new PerHostRate(config.perHostRate()) : null;
        this.parkLimit = Math.max(1024, 4 * config.concurrency());
    }

    /** Completes when every target has produced its record (or, after {@link #cancel()}, when in-flight ones have). */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Probes currently connecting, handshaking or being analysed (a group being analysed counts
     * once); a member waiting for its siblings is not counted.
     */
    public int inFlight() {
        return inFlight;
    }

    /** Connection attempts started, retries included. */
    public long launched() {
        return launched;
    }

    /**
     * Attempts that found no free descriptor or local port and were put back after a pause (they
     * are not in {@link #launched()}'s retries: no retry was spent on them).
     */
    public long localPressureEvents() {
        return pressureEvents;
    }

    /** Records delivered (a group's records are counted when the group is delivered). */
    public long finished() {
        return finished;
    }

    /**
     * Stops starting new probes; those in flight still finish and deliver their records, probes that
     * ran and wait for another attempt report what they learnt, and groups are delivered with the
     * members that ran.
     */
    public void cancel() {
        control.execute(() -> {
            if (cancelled) {
                return;
            }
            cancelled = true;
            try {
                flushUnstarted();
            } catch (RuntimeException e) {
                completion.completeExceptionally(e);
            }
            checkDone();
        });
    }

    /** On cancel: whatever waits to be started never will be; report what already ran. */
    private void flushUnstarted() {
        List<Pending> waiting = new ArrayList<>();
        if (heldBack != null) {
            waiting.add(heldBack);
            heldBack = null;
        }
        waiting.addAll(ready);
        ready.clear();
        waiting.addAll(retries);
        retries.clear();
        parked.values().forEach(waiting::addAll);
        parked.clear();
        parkedCount = 0;
        for (RateDelayed d; (d = rateDelayed.poll()) != null; ) {
            waiting.add(d.pending());
        }
        // Enumerations waiting for a hello end now, incomplete: their probes' records go out promptly.
        for (HelloPermit h; (h = hellos.poll()) != null; ) {
            decide(h.refused());
        }
        for (Pending p : waiting) {
            if (p.fallback() != null) {
                finish(p, p.fallback(), false, false);
            } else if (p.join() != null) {
                p.join().abandon();
            }
        }
        for (GroupJoin join : new ArrayList<>(joins.values())) {
            join.closeEnrolment();
            if (join.complete()) {
                deliver(join);
            }
        }
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
        // Hellos first: they finish probes already running.
        if (!hellos.isEmpty() && !grantHellos()) {
            checkDone();
            return;
        }
        while (!cancelled && inFlight < Math.min(config.concurrency(), pressureLimit)) {
            if (pauseUntil != 0) {
                long now = System.nanoTime();
                if (now - pauseUntil < 0) {
                    scheduleWake(pauseUntil - now);
                    break;
                }
                pauseUntil = 0;
            }
            Pending next = nextCandidate();
            if (next == null) {
                break;
            }
            long now = 0;
            if (hostRate != null && next.target().transport() == Transport.TCP) {
                now = System.nanoTime();
                long wait = hostRate.nanosUntilAllowed(next.target().ip(), now);
                if (wait > 0) {
                    rateDelayed.add(new RateDelayed(now + wait, rateDelayedSeq++, next));
                    continue;
                }
            }
            if (bucket != null) {
                now = System.nanoTime();
                if (!bucket.tryAcquire(now)) {
                    heldBack = next; // its host token is not taken: it is checked again then
                    scheduleWake(bucket.nanosUntilNext(now));
                    return;
                }
            }
            if (hostRate != null && next.target().transport() == Transport.TCP) {
                hostRate.take(next.target().ip(), now);
            }
            start(next);
        }
        if (!rateDelayed.isEmpty()) {
            scheduleWake(Math.max(1, rateDelayed.peek().due() - System.nanoTime()));
        }
        checkDone();
    }

    /**
     * Waits for the rate governor on behalf of a running probe (an enumeration hello): see
     * {@link ConnectionPermits}. Served on the dispatcher's loop before new probes.
     */
    @Override
    public void acquire(InetAddress ip, Runnable granted, Runnable refused) {
        control.execute(() -> {
            if (cancelled) {
                decide(refused);
                return;
            }
            hellos.add(new HelloPermit(ip, granted, refused));
            pump();
        });
    }

    /** Runs a permit's decision; the hello's own code reports a failure of it, the dispatcher goes on. */
    private static void decide(Runnable decision) {
        try {
            decision.run();
        } catch (RuntimeException e) {
            // nothing to do here: see above
        }
    }

    /**
     * Grants what the rates allow to the waiting hellos, in order; a hello whose host's rate is
     * spent lets the others pass. Returns false when the global rate ran dry: new probes wait too.
     */
    private boolean grantHellos() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        for (int n = hellos.size(); n > 0; n--) {
            HelloPermit h = hellos.poll();
            if (hostRate != null) {
                long wait = hostRate.nanosUntilAllowed(h.ip(), now);
                if (wait > 0) {
                    hellos.add(h);
                    soonest = Math.min(soonest, wait);
                    continue;
                }
            }
            if (bucket != null && !bucket.tryAcquire(now)) {
                hellos.addFirst(h);
                scheduleWake(bucket.nanosUntilNext(now));
                return false;
            }
            if (hostRate != null) {
                hostRate.take(h.ip(), now);
            }
            decide(h.granted());
        }
        if (soonest != Long.MAX_VALUE) {
            scheduleWake(soonest);
        }
        return true;
    }

    /** A hello waiting for its rate tokens. */
    private record HelloPermit(InetAddress ip, Runnable granted, Runnable refused) {
    }

    /** A probe waiting for its host's rate, due at {@code due} (System.nanoTime). */
    private record RateDelayed(long due, long seq, Pending pending) implements Comparable<RateDelayed> {
        @Override
        public int compareTo(RateDelayed o) {
            int c = Long.compare(due - o.due, 0); // nanoTime order, overflow-safe
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** The next probe allowed by the per-host cap, or null when none is available now. */
    private Pending nextCandidate() {
        if (heldBack != null) {
            Pending p = heldBack;
            heldBack = null;
            return p;
        }
        Pending p;
        if (!rateDelayed.isEmpty()) {
            long now = System.nanoTime();
            while (!rateDelayed.isEmpty() && rateDelayed.peek().due() - now <= 0) {
                p = rateDelayed.poll().pending();
                if (hostHasRoom(p)) {
                    return p;
                }
                park(p);
            }
        }
        while ((p = ready.poll()) != null || (p = retries.poll()) != null) {
            if (hostHasRoom(p)) {
                return p;
            }
            park(p);
        }
        while (parkedCount + rateDelayed.size() < parkLimit && targets.hasNext()) {
            Target t = targets.next();
            long unit = unitOf(t);
            GroupJoin join = null;
            int member = 0;
            if (t.group() != null) {
                join = joins.computeIfAbsent(t.group(), g -> new GroupJoin(g, unit));
                member = join.enrol();
            }
            p = new Pending(t, unit, 1, planner.plan(t), null, null, 0, join, member, null, 0);
            if (hostHasRoom(p)) {
                return p;
            }
            park(p);
        }
        return null;
    }

    /** The unit of a target just read: its plan position, or else the rank of its group (or of itself) in the input. */
    private long unitOf(Target t) {
        if (targets instanceof PlanCursor cursor) {
            return cursor.position();
        }
        if (t.group() == null || t.group() != lastGroup) {
            lastUnit++;
            lastGroup = t.group();
        }
        return lastUnit;
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
        try {
            onAttemptDoneUnsafe(p, outcome);
        } catch (Throwable t) {
            cancelled = true;
            completion.completeExceptionally(t);
        }
    }

    private void onAttemptDoneUnsafe(Pending p, AttemptOutcome outcome) {
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
        if (outcome.localPressure() && !cancelled && backOff(p, outcome)) {
            pump();
            return;
        }
        if (!outcome.localPressure() && pressureLimit < config.concurrency()
                && ++sincePressure % PRESSURE_RECOVERY_STEP == 0) {
            pressureLimit++; // this many worked for a while: try one more
            pauseNanos = 0;
        }
        // No mode detection over UDP: QUIC has one mode, and silence there says nothing about another.
        ProbeKind other = p.followUps() < MAX_FOLLOW_UPS && !cancelled && p.target().transport() == Transport.TCP
                ? followUp(p, outcome) : null;
        if (other != null) {
            // Mode detection: the port answered in another mode than planned; try that mode.
            inFlight--;
            retries.add(p.again(other, p.earlier() == null ? outcome.observation() : p.earlier(),
                    p.first() == null ? outcome : p.first(), p.followUps() + 1, reported(p, outcome)));
        } else if (outcome.isTimeout() && p.attempt() <= config.retries() && !cancelled) {
            inFlight--;
            retries.add(p.again(p.kind(), p.earlier(), p.first(), p.followUps(), reported(p, outcome)));
        } else {
            finish(p, reported(p, outcome), true, true);
        }
        pump();
    }

    /**
     * A connect found no free descriptor or local port. Unless the probe has met that for longer
     * than {@link ScanConfig#localPressureWait()}: carry no more in flight than now (pausing new
     * attempts when that is none), and put the probe first in line for the same attempt (no retry
     * spent).
     *
     * @return false when the probe has waited long enough and its {@code local_error} stands
     */
    private boolean backOff(Pending p, AttemptOutcome outcome) {
        long now = System.nanoTime();
        long since = p.pressureSince() != 0 ? p.pressureSince() : now;
        if (now - since >= config.localPressureWait().toNanos()) {
            return false;
        }
        inFlight--;
        pressureEvents++;
        // What is in flight now is what the machine carries: the next start waits for one to end.
        pressureLimit = Math.max(1, Math.min(pressureLimit, inFlight - PRESSURE_HEADROOM));
        sincePressure = 0;
        if (inFlight == 0) {
            // Nothing of ours will free a descriptor or port soon: wait, longer each time.
            pauseNanos = pauseNanos == 0 ? MIN_PRESSURE_PAUSE_NANOS : Math.min(MAX_PRESSURE_PAUSE_NANOS, pauseNanos * 2);
            pauseUntil = now + pauseNanos;
            if (pauseUntil == 0) {
                pauseUntil = 1; // 0 means "no pause"
            }
        }
        // If the scan is cancelled before it runs again, it reports what it met (a cut-short unit).
        retries.addFirst(p.underPressure(since, p.fallback() != null ? p.fallback() : reported(p, outcome)));
        return true;
    }

    /**
     * A probe's final outcome. A probe alone goes to the analyst, keeping (or, when it holds none,
     * taking) an in-flight slot until its record is delivered; a group member waits in its group's
     * join without a slot, and the last one to report sends the whole group.
     *
     * @param whole false when the outcome stands in for attempts a cancel skipped
     */
    private void finish(Pending p, AttemptOutcome outcome, boolean holdsSlot, boolean whole) {
        if (p.join() == null) {
            if (!holdsSlot) {
                inFlight++;
            }
            List<ScanRecord> batch = batch(1);
            analyst.analyse(outcome, batch::add, delivery(p.unit(), batch, whole, 1));
            return;
        }
        if (holdsSlot) {
            inFlight--;
        }
        p.join().receive(p.member(), outcome, whole);
        if (p.join().complete()) {
            deliver(p.join());
        }
    }

    /** Sends a finished group to the analyst; the analysis holds one in-flight slot. */
    private void deliver(GroupJoin join) {
        joins.remove(join.group());
        List<AttemptOutcome> outcomes = join.outcomes();
        if (outcomes.isEmpty()) {
            return; // no member ran (cancelled before any started): nothing to report
        }
        inFlight++;
        List<ScanRecord> batch = batch(outcomes.size());
        analyst.analyseGroup(outcomes, batch::add, delivery(join.unit(), batch, join.whole(), outcomes.size()));
    }

    /** Collects one unit's records; the analyst may add them from several worker threads in turn. */
    private static List<ScanRecord> batch(int size) {
        return Collections.synchronizedList(new ArrayList<>(size));
    }

    /** Runs once the analyst is done with a unit: hands its records to the sink, then frees the slot. */
    private Runnable delivery(long unit, List<ScanRecord> batch, boolean whole, int count) {
        return () -> {
            try {
                List<ScanRecord> records;
                synchronized (batch) {
                    records = List.copyOf(batch);
                }
                if (!records.isEmpty()) {
                    units.accept(unit, records, whole);
                }
            } finally {
                control.execute(() -> onRecordsDelivered(count));
            }
        };
    }

    /** A {@link UnitSink} that passes each record on alone, for callers that do not care about units. */
    static UnitSink eachRecord(Consumer<ScanRecord> records) {
        return (unit, batch, whole) -> batch.forEach(records);
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

    private void onRecordsDelivered(int count) {
        inFlight--;
        finished += count;
        pump();
    }

    /**
     * Pumps again in {@code nanos}. Two clocks ask for wake-ups (the global bucket, and the host
     * rate's queue): an earlier request than the one scheduled schedules another; the later one
     * then just pumps once more.
     */
    private void scheduleWake(long nanos) {
        long at = System.nanoTime() + nanos;
        if (wakeScheduled && at - wakeAt >= 0) {
            return;
        }
        wakeScheduled = true;
        wakeAt = at;
        control.schedule(() -> {
            if (wakeAt == at) {
                wakeScheduled = false;
            }
            pump();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void checkDone() {
        if (completion.isDone() || inFlight > 0) {
            return;
        }
        boolean drained = heldBack == null && ready.isEmpty() && retries.isEmpty() && parkedCount == 0
                && rateDelayed.isEmpty()
                && (cancelled || !targets.hasNext());
        if (drained && !joins.isEmpty()) {
            // Nothing runs and groups still wait: the plan emitted fewer members than it promised.
            // Deliver what ran rather than lose it.
            for (GroupJoin join : new ArrayList<>(joins.values())) {
                join.closeEnrolment();
                deliver(join);
            }
            if (inFlight > 0) {
                return;
            }
        }
        if (drained || cancelled) {
            completion.complete(null);
        }
    }
}
