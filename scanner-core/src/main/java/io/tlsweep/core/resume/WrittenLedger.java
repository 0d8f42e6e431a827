package io.tlsweep.core.resume;

import java.util.BitSet;

/**
 * Which plan units have their records safely in the output: the bookkeeping behind a checkpoint.
 * The output's writer reports each flush ({@link #flushed}); a checkpoint takes a consistent
 * {@link #snapshot()} of it at any time. Thread-safe (one lock; both sides hold it briefly).
 *
 * <p>State: the low-water mark {@code next} (every unit below it is written), the units at or above
 * it that are written (a bitmap from {@code base <= next}), whether the preamble (the
 * {@code dns_error} records written before the plan's units) is out, and the output's size and line
 * count at the last flush.
 *
 * <p>Memory: one bit per position between the rebased start and the highest written unit. Units
 * are dispatched in plan order, so that span is what completes while the oldest unfinished unit is
 * still running (bounded by its timeouts and retries): at 10,000 probes/s behind one probe stuck for
 * its 15 s deadline, 150,000 bits (19 KiB).
 */
public final class WrittenLedger {

    /** The unit of the preamble: the {@code dns_error} records, written before any plan unit. */
    public static final long PREAMBLE = -1;

    /** Rebase the bitmap once the low-water mark is this far past its start, so it does not grow with the plan. */
    private static final int REBASE_AFTER = 1 << 16;

    private final long units;
    private final long startBytes;
    private final long startRecords;
    private boolean preamble;
    private long next;
    private long base;
    private BitSet above = new BitSet();
    private long records;
    private long bytes;

    /**
     * A ledger for a plan of {@code units} units, continuing from a checkpoint's progress (or
     * {@link Progress#start} for a fresh scan).
     *
     * @param units how many units the plan has ({@code TargetPlan.groups()})
     */
    public WrittenLedger(long units, Progress from) {
        this.units = units;
        this.preamble = from.preambleWritten();
        this.next = from.next();
        this.base = from.next();
        WrittenRanges written = from.written();
        for (int k = 0; k < written.rangeCount(); k++) {
            long first = written.first(k);
            long last = written.last(k);
            if (first < next || last >= units) {
                throw new IllegalArgumentException("written range " + first + "-" + last + " outside " + next + ".."
                        + (units - 1));
            }
            above.set(offset(first), offset(last) + 1);
        }
        advance();
        this.startRecords = from.records();
        this.startBytes = from.outputBytes();
        this.records = startRecords;
        this.bytes = startBytes;
    }

    /**
     * What a checkpoint stores about progress.
     *
     * @param preambleWritten the {@code dns_error} records are out (true when there are none)
     * @param next            every unit below is written
     * @param written         the units at or above {@code next} that are written
     * @param records         lines in the output
     * @param outputBytes     the output's length; bytes after it were not accounted for
     */
    public record Progress(boolean preambleWritten, long next, WrittenRanges written, long records,
                           long outputBytes) {

        /** Nothing written yet; {@code preambleWritten} true when the scan has no preamble. */
        public static Progress start(boolean noPreamble) {
            return new Progress(noPreamble, 0, WrittenRanges.EMPTY, 0, 0);
        }
    }

    /**
     * A flush put these units' records out, and the output now holds {@code linesSinceStart} more
     * lines and {@code bytesSinceStart} more bytes than when this ledger started.
     *
     * @throws IllegalStateException for a unit written twice or outside the plan (a bug)
     */
    public synchronized void flushed(long[] flushedUnits, int count, long linesSinceStart, long bytesSinceStart) {
        for (int i = 0; i < count; i++) {
            mark(flushedUnits[i]);
        }
        records = startRecords + linesSinceStart;
        bytes = startBytes + bytesSinceStart;
    }

    private void mark(long unit) {
        if (unit == PREAMBLE) {
            if (preamble) {
                throw new IllegalStateException("preamble written twice");
            }
            preamble = true;
            return;
        }
        if (unit < 0 || unit >= units) {
            throw new IllegalStateException("unit " + unit + " outside the plan's " + units);
        }
        if (unit < next || above.get(offset(unit))) {
            throw new IllegalStateException("unit " + unit + " written twice");
        }
        above.set(offset(unit));
        advance();
    }

    /** Moves the low-water mark over the written units right above it; rebases the bitmap now and then. */
    private void advance() {
        int free = above.nextClearBit(offset(next));
        next = base + free;
        if (next - base >= REBASE_AFTER) {
            above = above.get(offset(next), Math.max(above.length(), offset(next)));
            base = next;
        }
    }

    private int offset(long position) {
        long off = position - base;
        if (off < 0 || off >= Integer.MAX_VALUE) {
            throw new IllegalStateException("position " + position + " is " + off
                    + " units from the lowest unwritten one; the ledger tracks at most 2^31");
        }
        return (int) off;
    }

    /** Every unit and the preamble are written. */
    public synchronized boolean complete() {
        return preamble && next >= units;
    }

    /** Whether {@code p} (a {@link #snapshot()} of this ledger) has every unit and the preamble written. */
    public boolean isComplete(Progress p) {
        return p.preambleWritten() && p.next() >= units;
    }

    /** Units written so far (below the mark and above it). */
    public synchronized long unitsWritten() {
        return next + above.cardinality() - offset(next); // bits base..next-1 are all set
    }

    /** The current progress, consistent with one flush. */
    public synchronized Progress snapshot() {
        WrittenRanges.Builder b = new WrittenRanges.Builder();
        int from = above.nextSetBit(offset(next));
        while (from >= 0) {
            int to = above.nextClearBit(from); // exclusive
            b.add(base + from, base + to - 1);
            from = above.nextSetBit(to);
        }
        return new Progress(preamble, next, b.build(), records, bytes);
    }
}
