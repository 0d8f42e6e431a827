package io.tlsweep.core.sink;

import io.tlsweep.core.result.ScanRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Writes scan records as NDJSON from one dedicated thread, so network threads never block on I/O
 * (only on a full queue, which is the back pressure that keeps memory bounded).
 *
 * <ol>
 *   <li>{@code ResultSink sink = new ResultSink(out, 4096);} starts the writer thread.</li>
 *   <li>Worker threads call {@link #accept(ScanRecord)}; every accepted record becomes exactly one
 *       line, in acceptance order.</li>
 *   <li>{@link #close()} once all producers are done: it drains, flushes and joins the writer. It
 *       does not close {@code out}, which belongs to the caller.</li>
 *   <li>{@link #failure()} tells whether the output broke (e.g. EPIPE after {@code | head}).</li>
 * </ol>
 *
 * <p>Flush policy: the writer flushes whenever it finds the queue empty, and at least every
 * {@value #FLUSH_EVERY_MILLIS} ms. An idle scan therefore shows each line as soon as it exists,
 * while a busy one fills the buffer and pays one syscall per 64 KiB rather than per line; the
 * time bound keeps a {@link FlushListener} (a checkpoint) close behind even when the queue never
 * empties.
 *
 * <p>Units ({@link #acceptUnit}): the records of one plan unit (a probe alone, or a probe group)
 * are queued as one item and written as consecutive lines; after each successful flush the
 * {@link FlushListener} learns which units are now entirely out and how many bytes the output holds.
 *
 * <p>After a write error the sink stops writing but keeps taking records off the queue and
 * discarding them, so producers never block forever on a dead output; the scan can finish (or be
 * stopped by the caller after looking at {@link #failure()}).
 *
 * <p>Pass a raw stream such as {@code new FileOutputStream(FileDescriptor.out)} rather than
 * {@code System.out}: a {@link PrintStream} swallows I/O errors. If a PrintStream is given anyway,
 * its {@code checkError()} is consulted after each flush so a broken pipe is still noticed, though
 * without the original exception.
 */
public final class ResultSink implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    /** The longest a written line waits in the buffer while the queue stays busy. */
    static final long FLUSH_EVERY_MILLIS = 100;

    /** The unit of records given one by one ({@link #accept}): reported to no listener. */
    public static final long NO_UNIT = Long.MIN_VALUE;

    /** Told, on the writer thread, what a successful flush put out. */
    @FunctionalInterface
    public interface FlushListener {
        /**
         * @param units the units (other than {@link #NO_UNIT}) whose lines are all out now, in write
         *              order; {@code units[0..count)} is valid only during the call
         * @param count how many entries of {@code units} are valid
         * @param lines lines flushed since the sink started
         * @param bytes bytes flushed since the sink started
         */
        void flushed(long[] units, int count, long lines, long bytes);
    }

    /** One queue item: a unit's records, written together. */
    private record Batch(long unit, List<ScanRecord> records) {
    }

    /** Put on the queue by {@link #close()}; the writer stops when it takes it. Compared by identity. */
    private static final Batch END = new Batch(NO_UNIT, List.of());

    private final BlockingQueue<Batch> queue;
    private final OutputStream out;
    private final PrintStream printStream;
    private final Thread writer;
    private final NdjsonWriter ndjson = new NdjsonWriter();
    private final FlushListener listener;

    /**
     * Producers hold the read side while enqueueing; close() takes the write side to flip
     * {@code closed}. So no record can slip into the queue behind END and be lost, and no producer
     * can block on a queue that nobody drains any more.
     */
    private final ReadWriteLock acceptGate = new ReentrantReadWriteLock();
    private boolean closed; // guarded by acceptGate

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private volatile IOException failure;

    /**
     * @param out      where the lines go; not closed by the sink
     * @param capacity records (or units) that may wait for the writer before {@link #accept} blocks
     */
    public ResultSink(OutputStream out, int capacity) {
        this(out, capacity, null);
    }

    /**
     * @param listener told after each successful flush which units are out (null: nobody); it runs on
     *                 the writer thread, so it must be quick; if it throws, the sink fails as on an
     *                 output error
     */
    public ResultSink(OutputStream out, int capacity, FlushListener listener) {
        Objects.requireNonNull(out, "out");
        this.listener = listener;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.printStream = out instanceof PrintStream ps ? ps : null;
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.writer = new Thread(this::drain, "tlsweep-result-sink");
        // daemon: a caller that forgets close() must not keep the JVM alive; close() joins it anyway
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues {@code r} for writing; blocks while the queue is full. Never drops a record while the
     * output works. Interrupts do not abandon the record: the wait continues and the thread's
     * interrupt flag is set again on return.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws NullPointerException  if a field the schema requires is null (see
     *                               {@link NdjsonWriter#checkWritable})
     */
    public void accept(ScanRecord r) {
        NdjsonWriter.checkWritable(r);
        enqueue(new Batch(NO_UNIT, List.of(r)));
    }

    /**
     * Queues the records of one unit, to be written as consecutive lines in the order given and
     * reported to the {@link FlushListener} once all are flushed. Blocks like {@link #accept}.
     *
     * @param unit    the unit's number (a plan position), not {@link #NO_UNIT}
     * @param records at least one record
     */
    public void acceptUnit(long unit, List<ScanRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a unit has at least one record");
        }
        records.forEach(NdjsonWriter::checkWritable);
        enqueue(new Batch(unit, List.copyOf(records)));
    }

    private void enqueue(Batch b) {
        acceptGate.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("ResultSink is closed");
            }
            putUninterruptibly(b);
        } finally {
            acceptGate.readLock().unlock();
        }
    }

    /**
     * Drains every accepted record, flushes, and waits for the writer thread. Idempotent and safe
     * to call from several threads. Does not throw on a broken output: see {@link #failure()}.
     */
    @Override
    public void close() {
        boolean first;
        acceptGate.writeLock().lock();
        try {
            first = !closed;
            closed = true;
        } finally {
            acceptGate.writeLock().unlock();
        }
        if (first) {
            putUninterruptibly(END);
        }
        joinUninterruptibly();
    }

    /** Lines delivered and flushed to the output so far (lags by at most one unflushed batch). */
    public long written() {
        return written.get();
    }

    /**
     * Records accepted that did not (knowingly) reach the output because it failed: those accepted
     * after the error, plus the unflushed batch the error hit (some of whose bytes may have got
     * out). After {@link #close()}, {@code written() + discarded()} equals the records accepted.
     */
    public long discarded() {
        return discarded.get();
    }

    /** The first output error, if any; once present the sink writes nothing more. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Units whose lines are in the buffer, not yet flushed (writer thread only). */
    private long[] unflushedUnits = new long[64];
    private int unflushedUnitCount;
    /** Lines in the buffer, not yet flushed (writer thread only). */
    private long pending;
    /** Bytes handed to the buffer so far (writer thread only); all of them are out after a flush. */
    private long bytes;

    private void drain() {
        long lastFlush = System.nanoTime();
        while (true) {
            Batch b = takeUninterruptibly();
            if (b == END) {
                flush();
                return;
            }
            if (failure != null) {
                discarded.addAndGet(b.records().size());
                continue;
            }
            if (!write(b)) {
                continue;
            }
            long now = System.nanoTime();
            if (queue.isEmpty() || now - lastFlush >= FLUSH_EVERY_MILLIS * 1_000_000L) {
                flush();
                lastFlush = now;
            }
        }
    }

    /** Writes one batch into the buffer; false when the output failed on it. */
    private boolean write(Batch b) {
        List<ScanRecord> records = b.records();
        for (int i = 0; i < records.size(); i++) {
            try {
                bytes += ndjson.writeLine(records.get(i), out);
                pending++;
            } catch (IOException e) {
                fail(e, pending + records.size() - i);
                return false;
            } catch (RuntimeException e) {
                // a serialisation bug: stop rather than emit a stream with silent holes in it
                fail(new IOException("could not serialise a record: " + e, e), pending + records.size() - i);
                return false;
            }
        }
        if (b.unit() != NO_UNIT) {
            if (unflushedUnitCount == unflushedUnits.length) {
                unflushedUnits = Arrays.copyOf(unflushedUnits, unflushedUnitCount * 2);
            }
            unflushedUnits[unflushedUnitCount++] = b.unit();
        }
        return true;
    }

    private void flush() {
        if (failure != null) {
            return;
        }
        try {
            out.flush();
            if (printStream != null && printStream.checkError()) {
                throw new IOException("output PrintStream reported an error (broken pipe or closed output)");
            }
        } catch (IOException e) {
            fail(e, pending);
            return;
        }
        long lines = written.addAndGet(pending);
        pending = 0;
        if (listener != null && unflushedUnitCount > 0) {
            try {
                listener.flushed(unflushedUnits, unflushedUnitCount, lines, bytes);
            } catch (RuntimeException e) {
                fail(new IOException("flush listener failed: " + e, e), 0);
            }
        }
        unflushedUnitCount = 0;
        if (unflushedUnits.length > 4096) {
            unflushedUnits = new long[64]; // a burst grew it; do not keep the memory
        }
    }

    /** @param lost lines that were accepted but will not reach the output because of {@code e} */
    private void fail(IOException e, long lost) {
        failure = e;
        discarded.addAndGet(lost);
    }

    private void putUninterruptibly(Batch b) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(b);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Batch takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // only close() ends the writer: an interrupt must not lose queued records
            }
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        try {
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
