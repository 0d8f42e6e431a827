package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsweep scan ... | head -1}: the reader of stdout goes away after one line. The child must
 * stop (not scan the rest of the range for nobody), print no stack trace, and exit 141.
 *
 * <p>The target space is 127.0.0.0/8 on port 1 (16.7 million loopback probes, all refused) at
 * {@code --rate 200}: finishing it would take a day, so only stopping early passes the hang guard.
 */
class ClosedPipeTest {

    @TempDir
    Path dir;

    private record Outcome(String firstLine, int exitCode, String stderr) {
    }

    private Outcome readOneLineThenClose(String... args) throws Exception {
        Path err = dir.resolve("stderr.txt");
        Process p = CliProcess.builder(args).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String first;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            first = out.readLine();
        } // closing our end is what `head` does when it exits: the child's next write gets EPIPE
        int code = CliProcess.awaitExit(p, args);
        return new Outcome(first, code, Files.readString(err));
    }

    @Test
    void scanStopsWhenStdoutIsClosed() throws Exception {
        Outcome o = readOneLineThenClose("scan", "127.0.0.0/8", "-p", "1", "--rate", "200");

        assertNotNull(o.firstLine());
        assertTrue(o.firstLine().startsWith("{\"schema_version\":"), o.firstLine());
        assertTrue(o.firstLine().contains("\"status\":\"refused\""), o.firstLine());
        assertEquals(ExitCodes.OUTPUT_CLOSED, o.exitCode(), o.stderr());
        assertTrue(o.stderr().contains("tlsweep: standard output closed"), o.stderr());
        assertNoStackTrace(o.stderr());
    }

    @Test
    void quietScanStopsSilently() throws Exception {
        Outcome o = readOneLineThenClose("scan", "127.0.0.0/8", "-p", "1", "--rate", "200", "-q");

        assertNotNull(o.firstLine());
        assertEquals(ExitCodes.OUTPUT_CLOSED, o.exitCode(), o.stderr());
        assertEquals("", o.stderr());
    }

    @Test
    void dryRunStopsWhenStdoutIsClosed() throws Exception {
        Outcome o = readOneLineThenClose("scan", "127.0.0.0/8", "-p", "1-1000", "--dry-run");

        assertNotNull(o.firstLine());
        assertTrue(o.firstLine().matches("127\\.\\d+\\.\\d+\\.\\d+ \\d+"), o.firstLine());
        assertEquals(ExitCodes.OUTPUT_CLOSED, o.exitCode(), o.stderr());
        assertTrue(o.stderr().contains("tlsweep: standard output closed"), o.stderr());
        assertFalse(o.stderr().contains("dry run:"), "no success summary after a broken output: " + o.stderr());
        assertNoStackTrace(o.stderr());
    }

    /** A full disk (Linux's /dev/full: every write fails with ENOSPC) is one clear line and exit 1. */
    @Test
    void fullDiskIsOneClearLineAndExitOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        String[] args = {"scan", "127.0.0.1", "-p", "1-50", "-q", "-o", "/dev/full"};
        Path err = dir.resolve("stderr.txt");
        Process p = CliProcess.builder(args).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        int code = CliProcess.awaitExit(p, args);
        String stderr = Files.readString(err);
        assertEquals(ExitCodes.INTERNAL, code, stderr);
        assertEquals("tlsweep: cannot write output file '/dev/full': No space left on device; stopped, 0 records written",
                stderr.strip());
        assertNoStackTrace(stderr);
    }

    private static void assertNoStackTrace(String stderr) {
        assertFalse(stderr.contains("Exception"), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
    }
}
