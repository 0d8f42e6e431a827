package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dry-run} with transports and SNI variants: every member of a probe group is a line
 * ({@code ip port[/udp] [sni]}), and the members of a group are consecutive, in member order.
 */
class DryRunGroupsTest {

    private static List<String> dryRun(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("scan"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dry-run", "-q", "--seed", "5"));
        CliProcess.Result r = CliProcess.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), r.toString());
        return r.stdoutLines();
    }

    /** Splits lines into runs of the same "ip port-number", checking no address:port comes back later. */
    private static List<List<String>> runs(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            String group = f[0] + " " + f[1].replace("/udp", "");
            if (!out.isEmpty() && seen.get(seen.size() - 1).equals(group)) {
                out.get(out.size() - 1).add(line);
            } else {
                assertTrue(!seen.contains(group), "members of " + group + " are not consecutive: " + lines);
                seen.add(group);
                out.add(new ArrayList<>(List.of(line)));
            }
        }
        return out;
    }

    @Test
    void threeProbesPerAddressWithTcpBeforeUdp() throws Exception {
        List<String> lines = dryRun("127.0.0.0/30", "-p", "80,443,443/udp");
        assertEquals(12, lines.size(), lines::toString);
        List<List<String>> runs = runs(lines);
        assertEquals(8, runs.size());
        for (List<String> run : runs) {
            String ip = run.get(0).split(" ")[0];
            if (run.get(0).endsWith(" 80")) {
                assertEquals(List.of(ip + " 80"), run);
            } else {
                assertEquals(List.of(ip + " 443", ip + " 443/udp"), run);
            }
        }
    }

    @Test
    void quicSwitchAndPrefixAndExplicitTargetPorts() throws Exception {
        assertEquals(List.of("127.0.0.1 443/udp"), dryRun("127.0.0.1", "-p", "443", "--quic"));
        assertEquals(List.of("127.0.0.1 443/udp"), dryRun("127.0.0.1", "-p", "U:443"));
        assertEquals(List.of("127.0.0.1 443/udp", "127.0.0.1 8443/udp"),
                sorted(dryRun("127.0.0.1", "-p", "443,8443", "--quic")));
        List<String> explicit = dryRun("127.0.0.1", "127.0.0.1:443/udp", "[::1]:443/udp", "-p", "443");
        assertEquals(List.of("127.0.0.1 443", "127.0.0.1 443/udp", "::1 443/udp"), sorted(explicit));
        List<List<String>> runs = runs(explicit);
        assertTrue(runs.contains(List.of("127.0.0.1 443", "127.0.0.1 443/udp")), "one group: " + explicit);
    }

    @Test
    void sniNamesGiveEachAddressNoSniThenTheNames(@TempDir Path dir) throws Exception {
        List<String> lines = dryRun("127.0.0.0/30", "-p", "443", "--sni-names", "a.test,B.test,a.test");
        assertEquals(12, lines.size(), lines::toString);
        for (List<String> run : runs(lines)) {
            String ip = run.get(0).split(" ")[0];
            assertEquals(List.of(ip + " 443", ip + " 443 a.test", ip + " 443 b.test"), run);
        }
        Path names = Files.writeString(dir.resolve("names.txt"), "# vhosts\nwww.test\napi.test # api\n");
        assertEquals(List.of("127.0.0.1 443", "127.0.0.1 443 www.test", "127.0.0.1 443 api.test",
                "127.0.0.1 443/udp", "127.0.0.1 443/udp www.test", "127.0.0.1 443/udp api.test"),
                dryRun("127.0.0.1", "-p", "443,443/udp", "--sni-names", "@" + names));
    }

    @Test
    void sniMatrixProbesTheAddressesOfTheHostNames() throws Exception {
        List<String> lines = dryRun("localhost", "-p", "443", "--sni-matrix");
        assertTrue(lines.contains("127.0.0.1 443"), lines.toString());
        for (List<String> run : runs(lines)) {
            String ip = run.get(0).split(" ")[0];
            assertEquals(List.of(ip + " 443", ip + " 443 localhost"), run, "no SNI, then the name");
        }
    }

    @Test
    void theSummaryCountsProbes() throws Exception {
        CliProcess.Result r = CliProcess.run("scan", "127.0.0.0/30", "-p", "443,443/udp", "--sni-names", "a.test",
                "--dry-run");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderrLines().get(0).startsWith("tlsweep: dry run: 16 probes, seed "), r.toString());
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }
}
