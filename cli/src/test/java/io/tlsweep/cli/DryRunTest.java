package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --dry-run}: the probe order, seeds, shards, exclusions and target lists, without connecting. */
class DryRunTest {

    /** {@code 127.0.0.0/28 -p 443,8443}: every "ip port" line a dry run must print, in sorted order. */
    private static List<String> expectedSlash28TimesTwoPorts() {
        List<String> all = new ArrayList<>();
        for (int host = 0; host < 16; host++) {
            all.add("127.0.0." + host + " 443");
            all.add("127.0.0." + host + " 8443");
        }
        all.sort(null);
        return all;
    }

    private static List<String> dryRun(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("scan", "127.0.0.0/28", "-p", "443,8443", "--dry-run", "-q"));
        args.addAll(List.of(extra));
        CliProcess.Result r = CliProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), "-q: nothing on stderr");
        return r.stdoutLines();
    }

    @Test
    void everyProbeExactlyOnceInAPseudoRandomOrder() throws Exception {
        List<String> lines = dryRun("--seed", "1");
        assertEquals(32, lines.size(), lines::toString);
        assertEquals(expectedSlash28TimesTwoPorts(), sorted(lines), "each host x port exactly once");
        assertNotEquals(expectedSlash28TimesTwoPorts(), lines, "not in address order");
        // shuffled across ports too, not host by host with both ports together
        boolean portsInterleaved = false;
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            portsInterleaved |= !host(lines.get(i)).equals(host(lines.get(i + 1)));
        }
        assertTrue(portsInterleaved, lines::toString);
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() throws Exception {
        List<String> first = dryRun("--seed", "42");
        assertEquals(first, dryRun("--seed", "42"));
        List<String> other = dryRun("--seed", "43");
        assertNotEquals(first, other);
        assertEquals(sorted(first), sorted(other));
    }

    @Test
    void withoutSeedTheSummaryNamesTheRandomSeedThatReproducesTheOrder() throws Exception {
        CliProcess.Result r = CliProcess.run("scan", "127.0.0.0/28", "-p", "443,8443", "--dry-run");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.stderrLines().size(), r.toString());
        String summary = r.stderrLines().get(0);
        assertTrue(summary.matches("tlsweep: dry run: 32 probes, seed -?\\d+"), summary);
        String seed = summary.substring(summary.lastIndexOf(' ') + 1);
        assertEquals(r.stdoutLines(), dryRun("--seed", seed));
    }

    @Test
    void shardsAreDisjointAndTheirUnionIsTheWhole() throws Exception {
        Set<String> union = new HashSet<>();
        int total = 0;
        for (int i = 0; i < 3; i++) {
            List<String> shard = dryRun("--seed", "7", "--shard", i + "/3");
            assertTrue(shard.size() >= 10 && shard.size() <= 11, "32 probes in 3 near-equal parts: " + shard);
            total += shard.size();
            for (String line : shard) {
                assertTrue(union.add(line), "in two shards: " + line);
            }
        }
        assertEquals(32, total);
        assertEquals(new TreeSet<>(expectedSlash28TimesTwoPorts()), new TreeSet<>(union));
    }

    @Test
    void excludedAddressesAreNeverGenerated() throws Exception {
        List<String> lines = dryRun("--exclude", "127.0.0.4/30,127.0.0.15");
        List<String> expected = new ArrayList<>(expectedSlash28TimesTwoPorts());
        expected.removeIf(l -> Set.of("127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.15")
                .contains(host(l)));
        assertEquals(22, expected.size());
        assertEquals(expected, sorted(lines));
    }

    @Test
    void targetsFromStdinWithComments() throws Exception {
        String stdin = "# loopback hosts\n127.0.0.1\n\n127.0.0.2 127.0.0.3   # two on a line\n# 127.0.0.99\n"
                + "127.0.0.10-12\n[::1]:8443\n";
        CliProcess.Result r = CliProcess.runWithStdin(stdin, "scan", "-", "-p", "443", "--dry-run", "-q");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("127.0.0.1 443", "127.0.0.10 443", "127.0.0.11 443", "127.0.0.12 443",
                "127.0.0.2 443", "127.0.0.3 443", "::1 8443"), sorted(r.stdoutLines()));
    }

    @Test
    void targetsFromAFileAndTheCommandLineTogether(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("hosts.txt"), "127.0.0.5 # web\n127.0.0.6:993\n");
        CliProcess.Result r = CliProcess.run("scan", "127.0.0.7", "-iL", list.toString(), "-p", "443",
                "--dry-run", "-q");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("127.0.0.5 443", "127.0.0.6 993", "127.0.0.7 443"), sorted(r.stdoutLines()));
    }

    @Test
    void sniIsPrintedAfterThePort() throws Exception {
        CliProcess.Result r = CliProcess.run("scan", "127.0.0.1", "-p", "443", "--sni", "www.example.test",
                "--dry-run", "-q");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("127.0.0.1 443 www.example.test"), r.stdoutLines());
    }

    @Test
    void outputFileGetsTheLinesAndStdoutStaysEmpty(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("plan.txt");
        CliProcess.Result r = CliProcess.run("scan", "127.0.0.0/30", "-p", "443", "--dry-run", "-q",
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
        assertEquals(List.of("127.0.0.0 443", "127.0.0.1 443", "127.0.0.2 443", "127.0.0.3 443"),
                sorted(Files.readAllLines(out)));
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    private static String host(String line) {
        return line.substring(0, line.indexOf(' '));
    }
}
