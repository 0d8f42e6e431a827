package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGINT and SIGTERM in the middle of a sweep, to a real child JVM: it stops starting probes, lets
 * those in flight finish (a silent server holds one until its timeout), writes their records,
 * prints the summary and exits 130 (SIGINT) or 143 (SIGTERM); every line it wrote is complete JSON, one per probe, and the
 * summary's count is the number of lines.
 */
class InterruptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRITTEN = Pattern.compile("tlsweep: interrupted; ([0-9,]+) records written");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalDrainsFlushesAndSaysHowManyRecords(String signal) throws Exception {
        // A server that accepts (the kernel does, from the backlog) and never speaks: probes to it
        // are in flight until their 3 s timeout, so the interrupt meets some.
        try (ServerSocket silent = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"))) {
            Path out = dir.resolve("out.ndjson");
            Path err = dir.resolve("err.txt");
            String silentTarget = "127.0.0.1:" + silent.getLocalPort();
            String[] args = {"scan", silentTarget, "127.9.0.0/16", "-p", "1", "--rate", "300", "--timeout", "3s",
                    "--seed", "7", "-o", out.toString()};
            Process p = CliProcess.builder(args).redirectError(err.toFile()).redirectOutput(dir.resolve("stdout").toFile())
                    .start();
            p.getOutputStream().close();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(out) < 100) {
                if (!p.isAlive() || System.nanoTime() > until) {
                    p.destroyForcibly();
                    fail("the sweep did not write 100 records: " + Files.readString(err));
                }
                Thread.sleep(50);
            }
            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            int code = CliProcess.awaitExit(p, args);
            double seconds = (System.nanoTime() - signalled) / 1e9;
            String stderr = Files.readString(err);

            assertEquals(signal.equals("INT") ? ExitCodes.INTERRUPTED : ExitCodes.TERMINATED, code, stderr);
            // In-flight probes get their remaining timeout (3 s), then 2 s for the writer: a bound.
            assertTrue(seconds < 3 + 2 + 5, "exit " + seconds + " s after the signal");
            List<String> written = Files.readAllLines(out, StandardCharsets.UTF_8);
            Set<String> keys = new HashSet<>();
            for (String line : written) {
                JsonNode n = JSON.readTree(line); // a cut line would not parse
                assertEquals(1, n.get("schema_version").asInt(), line);
                assertTrue(keys.add(n.get("ip").asText() + ":" + n.get("port").asInt()), "one record per probe: " + line);
            }
            assertTrue(written.size() >= 100 && written.size() < 65_537, written.size() + " records");
            Matcher m = WRITTEN.matcher(stderr);
            assertTrue(m.find(), stderr);
            assertEquals(written.size(), Integer.parseInt(m.group(1).replace(",", "")), stderr);
            assertTrue(stderr.contains("probes:"), "the summary follows: " + stderr);
            assertTrue(!stderr.contains("Exception") && !stderr.contains("\tat "), stderr);
        }
    }

    private static long lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }
}
