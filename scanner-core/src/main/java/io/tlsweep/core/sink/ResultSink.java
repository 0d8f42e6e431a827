package io.tlsweep.core.sink;

import io.tlsweep.core.result.ScanRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
 * <p>Flush policy: the writer flushes whenever it finds the queue empty. An idle scan therefore
 * shows each line as soon as it exists, while a busy one fills the buffer and pays one syscall per
 * 64 KiB rather than per line.
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

    /** Put on the queue by {@link #close()}; the writer stops when it takes it. Compared by identity. */
    private static final ScanRecord END = new ScanRecord(null, null, 0, null, null, null, null, null, null, 0,
            null, null, null, null, null);

    private final BlockingQueue<ScanRecord> queue;
    private final OutputStream out;
    private final PrintStream printStream;
    private final Thread writer;
    private final NdjsonWriter ndjson = new NdjsonWriter();

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
     * @param capacity records that may wait for the writer before {@link #accept} blocks
     */
    public ResultSink(OutputStream out, int capacity) {
        Objects.requireNonNull(out, "out");
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
        acceptGate.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("ResultSink is closed");
            }
            putUninterruptibly(r);
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

    private void drain() {
        long pending = 0; // lines written to the buffer but not yet flushed
        while (true) {
            ScanRecord r = takeUninterruptibly();
            if (r == END) {
                flush(pending);
                return;
            }
            if (failure != null) {
                discarded.incrementAndGet();
                continue;
            }
            try {
                ndjson.writeLine(r, out);
                pending++;
            } catch (IOException e) {
                fail(e, pending + 1);
                continue;
            } catch (RuntimeException e) {
                // a serialisation bug: stop rather than emit a stream with silent holes in it
                fail(new IOException("could not serialise a record: " + e, e), pending + 1);
                continue;
            }
            if (queue.isEmpty()) {
                flush(pending);
                pending = 0;
            }
        }
    }

    private void flush(long pending) {
        if (failure != null) {
            return;
        }
        try {
            out.flush();
            if (printStream != null && printStream.checkError()) {
                throw new IOException("output PrintStream reported an error (broken pipe or closed output)");
            }
            written.addAndGet(pending);
        } catch (IOException e) {
            fail(e, pending);
        }
    }

    /** @param lost lines that were accepted but will not reach the output because of {@code e} */
    private void fail(IOException e, long lost) {
        failure = e;
        discarded.addAndGet(lost);
    }

    private void putUninterruptibly(ScanRecord r) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(r);
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

    private ScanRecord takeUninterruptibly() {
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
