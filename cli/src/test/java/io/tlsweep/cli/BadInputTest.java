package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad usage or input, end to end: exit 2, nothing on stdout, and on stderr exactly one
 * line that starts with "tlsweep: " and names the bad token, with no stack trace. {@code --dry-run}
 * is added where a case would otherwise reach the network, so a regression that accepts the input
 * still only prints (every address here is loopback anyway).
 */
class BadInputTest {

    @TempDir
    static Path dir;

    static Path notPem;
    static Path badLineList;
    static Path badNames;
    static Path noNames;

    @BeforeAll
    static void files() throws IOException {
        notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "this is not PEM\nat all\n");
        badLineList = Files.writeString(dir.resolve("targets.txt"),
                "# lab hosts\n127.0.0.1\n\n127.0.0.2  # trailing comment\n10.0.0.300\n127.0.0.3\n");
        badNames = Files.writeString(dir.resolve("names.txt"), "# vhosts\nwww.example.test\nbad!name\n");
        noNames = Files.writeString(dir.resolve("empty-names.txt"), "# nothing here\n\n");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("10.0.0.0/33", "scan", "10.0.0.0/33", "--dry-run"),
                bad("10.0.0.300", "scan", "10.0.0.300", "--dry-run"),
                bad("'0'", "scan", "127.0.0.1", "-p", "0", "--dry-run"),
                bad("70000", "scan", "127.0.0.1", "-p", "70000", "--dry-run"),
                bad("'foo'", "scan", "127.0.0.1", "-p", "foo", "--dry-run"),
                bad("443,", "scan", "127.0.0.1", "-p", "443,", "--dry-run"),
                bad("127.0.0.1:0", "scan", "127.0.0.1:0", "--dry-run"),
                bad("/nonexistent", "scan", "-iL", "/nonexistent", "--dry-run"),
                bad("3/2", "scan", "127.0.0.1", "--shard", "3/2", "--dry-run"),
                bad("'x'", "scan", "127.0.0.1", "--shard", "x", "--dry-run"),
                bad("'0'", "scan", "127.0.0.1", "--timeout", "0", "--dry-run"),
                bad("abc", "scan", "127.0.0.1", "--timeout", "abc", "--dry-run"),
                bad("2h", "scan", "127.0.0.1", "--connect-timeout", "2h", "--dry-run"),
                bad("--concurrency 0", "scan", "127.0.0.1", "--concurrency", "0", "--dry-run"),
                bad("'abc'", "scan", "127.0.0.1", "-c", "abc", "--dry-run"),
                bad("--per-host 0", "scan", "127.0.0.1", "--per-host", "0", "--dry-run"),
                bad("--rate -1", "scan", "127.0.0.1", "--rate", "-1", "--dry-run"),
                bad("--retries 11", "scan", "127.0.0.1", "--retries", "11", "--dry-run"),
                bad("--enum 'medium'", "scan", "127.0.0.1", "--enum", "medium", "--dry-run"),
                bad("--enum ''", "scan", "127.0.0.1", "--enum", "", "--dry-run"),
                bad("--per-host-rate -1", "scan", "127.0.0.1", "--per-host-rate", "-1", "--dry-run"),
                bad("--per-host-rate -5", "scan", "127.0.0.1", "--enum", "fast", "--per-host-rate", "-5", "--dry-run"),
                bad("'fast'", "scan", "127.0.0.1", "--per-host-rate", "fast", "--dry-run"),
                bad("--per-host-rate Infinity", "scan", "127.0.0.1", "--per-host-rate", "Infinity", "--dry-run"),
                bad("'x'", "scan", "127.0.0.1", "--seed", "x", "--dry-run"),
                bad("--bogus", "scan", "127.0.0.1", "--bogus"),
                bad("no targets", "scan"),
                bad("no targets", "scan", "--dry-run", "-p", "443"),
                bad("/nonexistent", "scan", "127.0.0.1", "--ca-file", "/nonexistent", "--dry-run"),
                bad(notPem.toString(), "scan", "127.0.0.1", "--ca-file", notPem.toString(), "--dry-run"),
                bad("/nonexistent-dir/x.ndjson", "scan", "127.0.0.1", "-o", "/nonexistent-dir/x.ndjson", "--dry-run"),
                bad("/nonexistent-dir/x.ndjson", "scan", "127.0.0.1", "-p", "1", "-o", "/nonexistent-dir/x.ndjson"),
                bad("'foo'", "scan", "127.0.0.1", "-p", "1", "--provider", "foo"),
                bad("--alpn ''", "scan", "127.0.0.1", "--alpn", "", "--dry-run"),
                bad("h2,,x", "scan", "127.0.0.1", "--alpn", "h2,,x", "--dry-run"),
                bad("'h2,'", "scan", "127.0.0.1", "--alpn", "h2,", "--dry-run"),
                bad("--sni ''", "scan", "127.0.0.1", "--sni", "", "--dry-run"),
                bad("'a b'", "scan", "127.0.0.1", "--sni", "a b", "--dry-run"),
                bad("'127.0.0.1'", "scan", "127.0.0.1", "--sni", "127.0.0.1", "--dry-run"),
                bad("1.2.3/99", "scan", "127.0.0.1", "--exclude", "1.2.3/99", "--dry-run"),
                bad("/nonexistent", "scan", "127.0.0.1", "--exclude-file", "/nonexistent", "--dry-run"),
                bad("stdin", "scan", "-", "-iL", "-", "--dry-run"),
                // the bad line is the 5th: comments and blank lines still count as lines
                bad(badLineList + ":5: bad target '10.0.0.300'", "scan", "-iL", badLineList.toString(), "--dry-run"),
                // transports in port lists and target ports
                bad("443/sctp", "scan", "127.0.0.1", "-p", "443/sctp", "--dry-run"),
                bad("'U:'", "scan", "127.0.0.1", "-p", "443,U:", "--dry-run"),
                bad("X:443", "scan", "127.0.0.1", "-p", "X:443", "--dry-run"),
                bad("443/udp/udp", "scan", "127.0.0.1", "-p", "443/udp/udp", "--dry-run"),
                bad("udp/443", "scan", "127.0.0.1", "-p", "udp/443", "--dry-run"),
                bad("U:tls", "scan", "127.0.0.1", "-p", "U:tls", "--dry-run"),
                bad("127.0.0.1:443/sctp", "scan", "127.0.0.1:443/sctp", "--dry-run"),
                bad("[::1]:443/quic", "scan", "[::1]:443/quic", "--dry-run"),
                // SNI variants
                bad("not_ok!", "scan", "127.0.0.1", "--sni-names", "a.test,not_ok!", "--dry-run"),
                bad("'10.0.0.1'", "scan", "127.0.0.1", "--sni-names", "10.0.0.1", "--dry-run"),
                bad("a.test,,b.test", "scan", "127.0.0.1", "--sni-names", "a.test,,b.test", "--dry-run"),
                bad("/nonexistent-names", "scan", "127.0.0.1", "--sni-names", "@/nonexistent-names", "--dry-run"),
                bad(badNames + ":3: bad SNI name 'bad!name'", "scan", "127.0.0.1", "--sni-names", "@" + badNames,
                        "--dry-run"),
                bad("no names", "scan", "127.0.0.1", "--sni-names", "@" + noNames, "--dry-run"),
                bad("contradictory", "scan", "127.0.0.1", "--sni", "a.test", "--sni-names", "b.test", "--dry-run"),
                bad("contradictory", "scan", "127.0.0.1", "--sni", "a.test", "--sni-matrix", "--dry-run"),
                // whole-internet scans need their confirmation flag; IPv6 beyond the iteration space never runs
                bad("'0.0.0.0/0'", "scan", "0.0.0.0/0", "--dry-run"),
                bad("'::/0'", "scan", "::/0", "--dry-run"),
                bad("'10.0.0.0/7'", "scan", "10.0.0.0/7", "--dry-run"),
                bad("'1.0.0.0-3.0.0.0'", "scan", "127.0.0.1", "1.0.0.0-3.0.0.0", "--dry-run"),
                bad("over the limit of 2^48", "scan", "2001:db8::/64", "--allow-huge-ranges", "--dry-run"),
                bad("over the limit of 2^48", "scan", "::/0", "--allow-huge-ranges", "--dry-run"),
                bad("missing command", new String[0]),
                bad("'bogus'", "bogus"),
                bad("--bogus", "demo", "--bogus"));
    }

    private static Arguments bad(String token, String... args) {
        return Arguments.of(token, args);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void badInputIsOneLineAndExitTwo(String token, String[] args) throws Exception {
        CliProcess.Result r = CliProcess.run(args);
        String stderr = r.stderr();
        assertAll(r.toString(),
                () -> assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), "exit code"),
                () -> assertEquals("", r.stdout(), "stdout"),
                () -> assertEquals(1, r.stderrLines().size(), "stderr lines"),
                () -> assertTrue(stderr.startsWith("tlsweep: "), "prefix"),
                () -> assertTrue(stderr.contains(token), "names the bad token " + token),
                () -> assertFalse(stderr.contains("Exception"), "exception name"),
                () -> assertFalse(stderr.contains("\tat "), "stack frame"));
    }
}
