package io.tlsweep.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The live progress line on stderr, redrawn once a second in place. Only when stderr is a terminal:
 * in a log file or a pipe it would be noise.
 */
final class Progress {

    private final Thread thread;
    private final PrintStream err;
    private volatile boolean running = true;

    private Progress(PrintStream err, Supplier<String> line) {
        this.err = err;
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (running) {
                    err.print("\r" + line.get() + "\033[K");
                    err.flush();
                }
            }
        }, "tlsweep-progress");
        thread.setDaemon(true);
    }

    static Progress start(PrintStream err, Supplier<String> line) {
        Progress p = new Progress(err, line);
        p.thread.start();
        return p;
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.print("\r\033[K");
        err.flush();
    }

    /** Linux: fd 2 links to a tty or pty device when stderr is a terminal. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
