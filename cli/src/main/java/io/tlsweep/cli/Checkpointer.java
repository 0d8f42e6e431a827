package io.tlsweep.cli;

import io.tlsweep.core.resume.Checkpoint;
import io.tlsweep.core.resume.WrittenLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the checkpoint of a {@code --resume} scan: once before the first probe, every
 * {@code --checkpoint-every} while it runs, and once at the end (done, interrupted, or stopped by an
 * output error). Each write first forces the output file to disk, so the bytes the checkpoint
 * accounts for survive a crash of the machine too, then replaces the checkpoint atomically.
 */
final class Checkpointer {

    private final Resume resume;
    private final String fingerprint;
    private final long seed;
    private final WrittenLedger ledger;
    private final FileChannel output;
    private final PrintStream err;
    private ScheduledExecutorService timer;
    private boolean finished;
    private boolean warned;

    Checkpointer(Resume resume, String fingerprint, long seed, WrittenLedger ledger, FileChannel output,
                 PrintStream err) {
        this.resume = resume;
        this.fingerprint = fingerprint;
        this.seed = seed;
        this.ledger = ledger;
        this.output = output;
        this.err = err;
    }

    java.nio.file.Path path() {
        return resume.file().path();
    }

    WrittenLedger ledger() {
        return ledger;
    }

    /** Writes the checkpoint now; for the first one, whose failure stops the scan before it starts. */
    synchronized void write() throws IOException {
        WrittenLedger.Progress p = ledger.snapshot();
        try {
            output.force(false); // the bytes p accounts for are on disk before the checkpoint says so
        } catch (ClosedChannelException e) {
            // closed after the run: the writer flushed everything to the OS before, which survives a kill
        }
        boolean complete = ledger.isComplete(p);
        resume.file().write(new Checkpoint(fingerprint, seed, resume.output().toString(), complete, p));
    }

    /** Starts the periodic writes. */
    synchronized void start() {
        long every = Math.max(1, resume.every().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tlsweep-checkpoint");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::periodic, every, every, TimeUnit.MILLISECONDS);
    }

    private void periodic() {
        synchronized (this) {
            if (finished) {
                return;
            }
            try {
                write();
            } catch (IOException | RuntimeException e) {
                if (!warned) {
                    warned = true; // once: a full disk would otherwise print every few seconds
                    err.println("tlsweep: cannot write checkpoint '" + resume.file().path() + "': " + reason(e)
                            + "; the scan goes on, a resume would start from the last checkpoint written");
                    err.flush();
                }
            }
        }
    }

    /**
     * The last write, after the output's writer has stopped; later calls do nothing (the interrupt
     * hook and the main thread may both get here).
     *
     * @return null when written (or already), else why not
     */
    synchronized String finish() {
        if (finished) {
            return null;
        }
        finished = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            write();
            return null;
        } catch (IOException | RuntimeException e) {
            return reason(e);
        }
    }

    private static String reason(Exception e) {
        return e instanceof IOException io ? IoMessages.reason(io) : ErrorReporting.oneLine(String.valueOf(e));
    }
}
