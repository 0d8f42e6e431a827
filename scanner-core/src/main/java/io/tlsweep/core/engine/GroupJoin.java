package io.tlsweep.core.engine;

import io.tlsweep.core.target.ProbeGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher's bookkeeping for one {@link ProbeGroup} whose members are still running: the
 * final outcomes received so far, in member order. Owned by the control event loop.
 *
 * <p>Members are numbered in the order the plan emitted them (TCP before UDP, no SNI first, then the
 * names in order), which is the order their records are delivered in. Memory stays bounded because
 * a plan emits a group's members one after the other: only the groups with a member in flight,
 * parked or queued for a retry are open at a time.
 */
final class GroupJoin {

    private final ProbeGroup group;
    private final long unit;
    private final AttemptOutcome[] outcomes;
    /** Members the plan has emitted so far. */
    private int emitted;
    /** Members whose final outcome will come (all of them, unless the scan is cancelled). */
    private int expected;
    private int received;
    /** A member never ran, or reported an outcome that stands in for attempts a cancel skipped. */
    private boolean cutShort;

    GroupJoin(ProbeGroup group, long unit) {
        this.group = group;
        this.unit = unit;
        this.outcomes = new AttemptOutcome[group.size()];
        this.expected = group.size();
    }

    ProbeGroup group() {
        return group;
    }

    /** The group's unit number ({@link UnitSink}). */
    long unit() {
        return unit;
    }

    /** Every member ran to its real final outcome: the group's records are what an uninterrupted run writes. */
    boolean whole() {
        return !cutShort;
    }

    /** Numbers the next member the plan emitted; a plan emitting more than the group size is a bug. */
    int enrol() {
        if (emitted >= outcomes.length) {
            throw new IllegalStateException("more members than the group's size " + outcomes.length);
        }
        return emitted++;
    }

    /**
     * A member's final outcome (after retries and mode-detection follow-ups).
     *
     * @param whole false when the outcome stands in for attempts a cancel skipped
     */
    void receive(int member, AttemptOutcome outcome, boolean whole) {
        if (outcomes[member] != null) {
            throw new IllegalStateException("second outcome for member " + member);
        }
        outcomes[member] = outcome;
        received++;
        cutShort |= !whole;
    }

    /** A member that will never run (the scan was cancelled before it started). */
    void abandon() {
        expected--;
        cutShort = true;
    }

    /** Cancelled: the members the plan has not emitted yet never will be. */
    void closeEnrolment() {
        cutShort |= emitted < outcomes.length;
        expected -= outcomes.length - emitted;
        emitted = outcomes.length;
    }

    /** Every member that will report has reported. */
    boolean complete() {
        return received >= expected;
    }

    /** The outcomes received, in member order (members that never ran are left out). */
    List<AttemptOutcome> outcomes() {
        List<AttemptOutcome> out = new ArrayList<>(received);
        for (AttemptOutcome o : outcomes) {
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }
}
