package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * EMFILE end to end: a sweep with {@code -c 1000} whose open-file limit is lowered to 200 while it
 * runs ({@code prlimit --pid}, after the CLI has sized its concurrency for the original limit, so
 * the sockets really run out, as when another part of the process or an operator takes them).
 * Every probe must still get exactly one record, none {@code local_error}: the engine backs off
 * and retries the probes whose socket could not be made. The summary says it happened.
 *
 * <p>Targets: 1,024 listening sockets on 127.6.0.0/22 that never accept, so each connection waits
 * for its handshake timeout (1 s) holding a descriptor: ~1,000 in flight at once.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorPressureTest {

    private static final int ADDRESSES = 1024;
    private static final long LOWERED_LIMIT = 200;

    @TempDir
    static Path dir;

    static final List<ServerSocket> listeners = new ArrayList<>();
    static int port;

    @BeforeAll
    static void silentListeners() throws Exception {
        for (int i = 0; i < ADDRESSES; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[]{127, 6, (byte) (i >> 8), (byte) i});
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(a, port), 8); // the kernel completes connections; nobody accepts
            port = s.getLocalPort();
            listeners.add(s);
        }
    }

    @AfterAll
    static void close() throws Exception {
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    @Test
    void aSweepThatRunsOutOfDescriptorsStillWritesOneRealRecordPerProbe() throws Exception {
        Path out = dir.resolve("out.ndjson");
        Path err = dir.resolve("err.txt");
        // Plus 256 closed ports (refused at once) mixed in: by the time the limit is lowered, records
        // have been written, so the record path's classes are loaded, as in a long sweep. (From the
        // jar, loading a class needs no descriptor; from target/classes, as here, it does.)
        String[] args = {"scan", "127.6.0.0/22", "127.7.0.0/24:1", "-p", Integer.toString(port), "-c", "1000",
            "--per-host", "4", "--handshake-timeout", "1s", "--timeout", "3s", "--no-detect", "-o", out.toString()};
        Process p = CliProcess.builder(args).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        // Lower the limit once the sweep holds well over 200 descriptors (the scan is under way).
        File fds = new File("/proc/" + p.pid() + "/fd");
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(CliProcess.HANG_GUARD_SECONDS);
        int open = 0;
        while (p.isAlive() && System.nanoTime() < guard) {
            String[] names = fds.list();
            open = names == null ? 0 : names.length;
            if (open > 2 * LOWERED_LIMIT) {
                break;
            }
            Thread.sleep(5);
        }
        if (!p.isAlive()) {
            fail("the sweep ended before it held " + 2 * LOWERED_LIMIT + " descriptors: " + Files.readString(err));
        }
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(p.pid()),
                "--nofile=" + LOWERED_LIMIT + ":" + LOWERED_LIMIT).redirectErrorStream(true).start();
        String said = new String(prlimit.getInputStream().readAllBytes());
        assertEquals(0, prlimit.waitFor(), "prlimit: " + said);
        if (!p.waitFor(CliProcess.HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(p.pid())).redirectErrorStream(true).start();
            String threads = new String(jstack.getInputStream().readAllBytes());
            p.destroyForcibly();
            fail("hung after the limit was lowered at " + open + " descriptors; stderr:\n" + Files.readString(err)
                    + "\nthreads:\n" + threads);
        }
        int code = p.exitValue();
        String stderr = Files.readString(err);
        assertEquals(0, code, stderr);

        ObjectMapper json = new ObjectMapper();
        Set<String> seen = new HashSet<>();
        List<String> lines = Files.readAllLines(out);
        for (String line : lines) {
            JsonNode r = json.readTree(line);
            assertTrue(seen.add(r.get("ip").asText()), "one record per probe: " + line);
            String expected = r.get("port").asInt() == 1 ? "refused" : "timeout"; // the listeners never answer
            assertEquals(expected, r.get("status").asText(), line);
            assertEquals(1, r.get("attempts").asInt(), line);
        }
        assertEquals(ADDRESSES + 256, lines.size(), stderr);
        assertTrue(stderr.contains("connects found no free descriptor"),
                "the descriptors did run out (" + open + " open when the limit was lowered): " + stderr);
        System.out.println("descriptor pressure: " + open + " open when lowered; "
                + stderr.lines().filter(l -> l.startsWith("local limits") || l.startsWith("probes:")).toList());
    }
}
