package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsweep.core.lab.DemoLab;
import io.tlsweep.core.lab.LabEndpoint;
import io.tlsweep.core.target.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --resume} end to end: a sweep of a few thousand loopback probes (refused ports on
 * 127.1.0.0/22 x 3 ports plus the {@link DemoLab}'s TLS servers on 127.0.0.2-8, so some records are
 * successes), run in a child process that is killed at random points (SIGKILL, as a crash or
 * {@code kill -9}, and SIGINT, as Ctrl-C) and resumed each time until it completes. The output
 * must then hold exactly the records of one uninterrupted run: the same multiset of records
 * (without time stamps and timings), no record twice.
 *
 * <p>With {@code --sni-names}, every address:port is a probe group of two (no SNI, and the name),
 * so the groups' all-or-nothing bookkeeping is what is tested; without it, every probe is alone.
 */
class ResumeKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kills before the sweep completes; each is followed by a resume. */
    private static final int KILLS = 6;

    @TempDir
    static Path dir;

    static DemoLab lab;
    static Path caFile;

    @BeforeAll
    static void startLab() throws Exception {
        lab = DemoLab.start();
        caFile = Files.writeString(dir.resolve("lab-root.pem"), lab.pki().root().certificatePem());
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static List<String> sweep(boolean groups, Path output) {
        // --rate keeps the sweep about 3 s long, so the kills land in the middle of it.
        List<String> args = new ArrayList<>(List.of("scan", "127.1.0.0/22", "-p", "1-3", "--ca-file", caFile.toString(),
                "--rate", groups ? "2000" : "1000", "-c", "256", "--connect-timeout", "2s", "-o", output.toString()));
        lab.endpoints().stream().filter(e -> e.transport() == Transport.TCP)
                .map(e -> e.address().getHostAddress() + ":" + e.port()).distinct().forEach(args::add);
        if (groups) {
            args.addAll(List.of("--sni-names", "www." + DemoLab.DOMAIN));
        }
        return args;
    }

    @ParameterizedTest(name = "groups={0}")
    @ValueSource(booleans = {false, true})
    void killedAndResumedSweepsWriteWhatOneUninterruptedRunWrites(boolean groups) throws Exception {
        Path reference = dir.resolve("reference-" + groups + ".ndjson");
        CliProcess.Result whole = CliProcess.run(withQuiet(sweep(groups, reference)));
        assertEquals(0, whole.exitCode(), whole.toString());
        Map<String, Integer> expected = keys(reference);
        int probes = expected.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals((3 * 1024 + 7) * (groups ? 2 : 1), probes, "one record per probe");
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("\"status\":\"success\"")), "some successes");
        assertTrue(expected.values().stream().allMatch(n -> n == 1), "an uninterrupted run has no duplicate key");

        Path output = dir.resolve("resumed-" + groups + ".ndjson");
        Path checkpoint = dir.resolve("resumed-" + groups + ".checkpoint");
        List<String> args = new ArrayList<>(sweep(groups, output));
        args.addAll(List.of("--resume", checkpoint.toString(), "--checkpoint-every", "150ms"));
        Random random = new Random(groups ? 11 : 7);
        long total = Files.size(reference);
        List<String> story = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            boolean sigint = kill % 2 == 1;
            // A random point by progress, not by time (a loaded machine starts JVMs slowly): once the
            // output has grown by 3-20% of a whole run's size past what it held at the start.
            long before = Files.exists(output) ? Files.size(output) : 0;
            long killAt = before + (long) (total * (0.03 + 0.17 * random.nextDouble()));
            int code = runAndKill(args, output, killAt, sigint);
            story.add((sigint ? "SIGINT" : "SIGKILL") + " at " + killAt + " bytes: exit " + code + ", "
                    + lines(output) + " lines, checkpoint " + (Files.exists(checkpoint) ? Files.size(checkpoint) : 0)
                    + " bytes");
            // 0 when the sweep ended before the signal; 128 + 9 after SIGKILL; never 1 or 2
            assertTrue(code == (sigint ? ExitCodes.INTERRUPTED : 137) || code == ExitCodes.OK, story.toString());
        }
        System.out.println("resume, groups=" + groups + ": " + story); // the kills' timing, for the report
        CliProcess.Result last = CliProcess.run(withQuiet(args));
        assertEquals(0, last.exitCode(), story + "\n" + last);
        assertEquals(expected, keys(output), "resumed output differs from one uninterrupted run; " + story);
        String checkpointText = Files.readString(checkpoint);
        assertTrue(checkpointText.contains("\nstate complete\n"), checkpointText);

        // A complete scan resumed again: nothing written, exit 0, one line saying so.
        long size = Files.size(output);
        CliProcess.Result again = CliProcess.run(args.toArray(String[]::new));
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(size, Files.size(output));
        assertTrue(again.stderr().contains("is complete"), again.toString());
        assertEquals(1, again.stderrLines().size(), again.toString());
    }

    private static String[] withQuiet(List<String> args) {
        List<String> out = new ArrayList<>(args);
        out.add("-q");
        return out.toArray(String[]::new);
    }

    /**
     * Starts the CLI, kills it (SIGKILL or SIGINT) once {@code output} holds {@code killAt} bytes,
     * returns its exit code (0 when it finished first).
     */
    private static int runAndKill(List<String> args, Path output, long killAt, boolean sigint) throws Exception {
        Path err = Files.createTempFile(dir, "kill-", ".stderr");
        Process p = CliProcess.builder(withQuiet(args)).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(CliProcess.HANG_GUARD_SECONDS);
        while (p.isAlive() && (!Files.exists(output) || Files.size(output) < killAt) && System.nanoTime() < guard) {
            Thread.sleep(10);
        }
        if (p.isAlive()) {
            if (sigint) {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            } else {
                p.destroyForcibly();
            }
        }
        int code = CliProcess.awaitExit(p, args.toArray(String[]::new));
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("Exception"), stderr);
        return code;
    }

    private static long lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }

    /** Each record without what differs between runs (when it ran, how long it took), counted. */
    static Map<String, Integer> keys(Path ndjson) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (String line : Files.readAllLines(ndjson)) {
            JsonNode node = JSON.readTree(line);
            ObjectNode o = (ObjectNode) node;
            o.remove("timestamp");
            o.remove("timings");
            out.merge(o.toString(), 1, Integer::sum);
        }
        return out;
    }

}
