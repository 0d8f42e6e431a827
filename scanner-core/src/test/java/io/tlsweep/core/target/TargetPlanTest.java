package io.tlsweep.core.target;

import io.tlsweep.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetPlanTest {

    /** Plans without host names never touch the pool; this one fails loudly if they did. */
    private static final java.util.concurrent.Executor NO_DNS = r -> {
        throw new AssertionError("no lookup expected");
    };

    private static TargetPlan plan(TargetSpec.Builder builder) {
        return builder.build().resolve(NO_DNS, Duration.ofSeconds(1));
    }

    private static List<String> keys(TargetPlan plan) {
        List<String> out = new ArrayList<>();
        for (Target t : plan) {
            out.add(t.ip().getHostAddress() + "|" + t.port() + "|" + t.host() + "|" + t.sni());
        }
        return out;
    }

    @Test
    void shardsAreDisjointAndCoverThePlan() {
        for (int n = 1; n <= 7; n++) {
            Set<String> union = new HashSet<>();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                TargetPlan shard = plan(TargetSpec.builder().addTarget("10.0.0.0/26").addTarget("192.0.2.1:8443")
                        .ports(new int[]{443, 25, 993}).seed(5).shard(i, n));
                List<String> got = keys(shard);
                assertEquals(shard.size(), got.size(), "size() of shard " + i + "/" + n);
                sum += got.size();
                for (String key : got) {
                    assertTrue(union.add(key), "shard " + i + "/" + n + " repeats " + key);
                }
            }
            assertEquals(64 * 3 + 1, union.size(), "union of " + n + " shards");
            assertEquals(64 * 3 + 1, sum);
        }
    }

    @Test
    void everyProbeOnceAndOrderIsPermuted() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/24").ports(new int[]{443, 8443}).seed(1));
        List<String> got = keys(plan);
        assertEquals(512, plan.size());
        assertEquals(512, new HashSet<>(got).size());
        assertEquals(got, keys(plan), "a plan iterates the same order twice");
        assertNotEquals(got, keys(plan(TargetSpec.builder().addTarget("10.0.0.0/24").ports(new int[]{443, 8443}).seed(2))));
        assertEquals(1, plan.seed());
    }

    @Test
    void exclusionsAreNeverGenerated() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/24").addTarget("10.0.0.9:25")
                .ports(new int[]{443}).exclude("10.0.0.7").exclude("10.0.0.250-10.0.1.10").exclude("10.0.0.0/30")
                .exclude("10.0.0.9"));
        Set<String> ips = new HashSet<>();
        for (Target t : plan) {
            ips.add(t.ip().getHostAddress());
        }
        assertEquals(256 - 1 - 6 - 4 - 1, ips.size());
        for (String excluded : new String[]{"10.0.0.7", "10.0.0.250", "10.0.0.255", "10.0.0.0", "10.0.0.3", "10.0.0.9"}) {
            assertFalse(ips.contains(excluded), excluded);
        }
        assertTrue(ips.contains("10.0.0.249") && ips.contains("10.0.0.4") && ips.contains("10.0.0.8"));
    }

    @Test
    void exclusionCoveringEverythingGivesAnEmptyPlan() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/24").addTarget("10.0.0.1:25")
                .ports(new int[]{443}).exclude("10.0.0.0/8"));
        assertEquals(0, plan.size());
        assertFalse(plan.iterator().hasNext());
    }

    @Test
    void duplicatesAndOverlapsAreMerged() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/25").addTarget("10.0.0.64/26")
                .addTarget("10.0.0.5").addTarget("10.0.0.5:443").addTarget("10.0.0.5:25").addTarget("10.0.0.5:25")
                .addTarget("10.0.0.128-130").ports(new int[]{443, 443}));
        List<String> got = keys(plan);
        assertEquals(new HashSet<>(got).size(), got.size());
        assertEquals(128 + 3 + 1, got.size()); // /25 + .128-.130 on 443, plus 10.0.0.5:25
    }

    @Test
    void ipv6AndSniOverride() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("2001:db8::/126").addTarget("[::1]:8443")
                .ports(new int[]{443}).sni("override.example"));
        List<String> got = keys(plan);
        assertEquals(5, got.size());
        assertTrue(got.contains("0:0:0:0:0:0:0:1|8443|null|override.example"), got.toString());
        assertTrue(got.contains("2001:db8:0:0:0:0:0:3|443|null|override.example"), got.toString());
    }

    @Test
    void slashEightTimesTwentyPortsIsLazy() {
        int[] ports = new int[20];
        for (int i = 0; i < 20; i++) {
            ports[i] = 1000 + i;
        }
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/8").ports(ports).seed(3));
        assertEquals((1L << 24) * 20, plan.size());
        Iterator<Target> it = plan.iterator();
        Set<String> first = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Target t = it.next();
            assertTrue(t.ip().getHostAddress().startsWith("10."));
            first.add(t.ip().getHostAddress() + ":" + t.port());
        }
        assertEquals(1000, first.size());
    }

    @Test
    void absurdSpacesAreRefused() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TargetSpec.builder().addTarget("2001:db8::/32").allowHugeRanges(true).ports(new int[]{443}).build());
        assertTrue(e.getMessage().startsWith("target space too large: 79228162514264337593543950336 probes"), e.getMessage());
        assertTrue(e.getMessage().contains("2^48"));
        // the same prefix minus almost all of it is fine
        assertEquals(256, plan(TargetSpec.builder().addTarget("2001:db8::/32").allowHugeRanges(true)
                .exclude("2001:db8::100-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").ports(new int[]{443})).size());
    }

    @Test
    void aTokenBeyondASlashEightNeedsItsConfirmation() {
        for (String huge : new String[]{"0.0.0.0/0", "10.0.0.0/7", "1.0.0.0-3.0.0.0", "::/0", "2001:db8::/103"}) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> TargetSpec.builder().addTarget("127.0.0.1").addTarget(huge).ports(new int[]{443}).build());
            assertTrue(e.getMessage().startsWith("target '" + huge + "' covers "), e.getMessage());
            assertTrue(e.getMessage().endsWith("add --allow-huge-ranges to scan it"), e.getMessage());
        }
        // a /8 (and an IPv6 /104, the same 2^24 addresses) is the largest token that needs nothing
        assertEquals(1L << 24, plan(TargetSpec.builder().addTarget("10.0.0.0/8").ports(new int[]{443})).size());
        assertEquals(1L << 24, plan(TargetSpec.builder().addTarget("2001:db8::/104").ports(new int[]{443})).size());
        assertEquals(1L << 25, plan(TargetSpec.builder().addTarget("10.0.0.0/7").allowHugeRanges(true)
                .ports(new int[]{443})).size());
    }

    @Test
    void aTokenWithoutPortNeedsDefaultPorts() {
        BadInputException e = assertThrows(BadInputException.class, () -> TargetSpec.builder().addTarget("10.0.0.1").build());
        assertEquals("target '10.0.0.1' has no port and no default ports were given", e.getMessage());
        assertEquals(1, plan(TargetSpec.builder().addTarget("10.0.0.1:443")).size());
        assertThrows(BadInputException.class, () -> TargetSpec.builder().shard(4, 4));
        assertThrows(BadInputException.class, () -> TargetSpec.builder().ports(new int[]{0}));
    }

    @Test
    void targetFilesSkipCommentsAndNameFileAndLine(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# office\n10.0.0.1   # gateway\n\n  10.0.0.2:25 10.0.0.3\n#10.0.0.9\n");
        TargetPlan plan = plan(TargetSpec.builder().addTargetsFrom(list).ports(new int[]{443}));
        assertEquals(Set.of("10.0.0.1|443|null|null", "10.0.0.2|25|null|null", "10.0.0.3|443|null|null"),
                new HashSet<>(keys(plan)));

        Files.writeString(list, "10.0.0.1\n\n10.0.0.0/33\n");
        BadInputException bad = assertThrows(BadInputException.class, () -> TargetSpec.builder().addTargetsFrom(list));
        assertEquals(list + ":3: bad target '10.0.0.0/33': prefix length must be 0-32", bad.getMessage());

        BadInputException missing = assertThrows(BadInputException.class,
                () -> TargetSpec.builder().addTargetsFrom(dir.resolve("x.txt")));
        assertEquals("cannot read target file '" + dir.resolve("x.txt") + "': No such file", missing.getMessage());

        Path excludes = dir.resolve("ex.txt");
        Files.writeString(excludes, "10.0.0.0/31 # lab\n");
        assertEquals(Set.of("10.0.0.2|443|null|null", "10.0.0.3|443|null|null"), new HashSet<>(keys(plan(
                TargetSpec.builder().addTarget("10.0.0.0/30").excludeFrom(excludes).ports(new int[]{443})))));
    }

    @Test
    void stdinList() {
        var stdin = new ByteArrayInputStream("192.0.2.1\n[::1]:993 # v6\n".getBytes(StandardCharsets.UTF_8));
        TargetPlan plan = plan(TargetSpec.builder().addTargetsFrom(stdin, "stdin").ports(new int[]{443}));
        assertEquals(Set.of("192.0.2.1|443|null|null", "0:0:0:0:0:0:0:1|993|null|null"), new HashSet<>(keys(plan)));
        var bad = new ByteArrayInputStream("nope!\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("stdin:1: bad target 'nope!': not a valid host name or IP address",
                assertThrows(BadInputException.class, () -> TargetSpec.builder().addTargetsFrom(bad, "stdin")).getMessage());
    }

    @Test
    void hostNamesResolveOnThePoolAndFailuresAreRecords() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            TargetPlan plan = TargetSpec.builder().addTarget("localhost").addTarget("localhost:8443")
                    .addTarget("nonexistent.invalid").addTarget("127.0.0.1").ports(new int[]{443}).build()
                    .resolve(pool, Duration.ofSeconds(20));
            List<String> got = keys(plan);
            assertTrue(got.contains("127.0.0.1|443|localhost|localhost"), got.toString());
            assertTrue(got.contains("127.0.0.1|8443|localhost|localhost"), got.toString());
            // the same address as a bare target is a separate probe: it has no SNI
            assertTrue(got.contains("127.0.0.1|443|null|null"), got.toString());
            assertEquals(got.size(), new HashSet<>(got).size());
            for (Target t : plan) {
                assertTrue(t.ip().isLoopbackAddress(), t.toString());
            }
            assertEquals(1, plan.dnsFailures().size());
            DnsFailure failure = plan.dnsFailures().get(0);
            assertEquals("nonexistent.invalid", failure.host());
            assertEquals(443, failure.port());
            assertNull(plan.dnsFailures().stream().filter(f -> f.error() == null).findAny().orElse(null));

            // excluding loopback removes every resolved address too
            TargetPlan excluded = TargetSpec.builder().addTarget("localhost").exclude("127.0.0.0/8").exclude("::1")
                    .ports(new int[]{443}).build().resolve(pool, Duration.ofSeconds(20));
            assertEquals(0, excluded.size());
            assertTrue(excluded.dnsFailures().isEmpty());

            // each DNS failure lands in exactly one shard
            int failures = 0;
            for (int i = 0; i < 3; i++) {
                failures += TargetSpec.builder().addTarget("nonexistent.invalid").ports(new int[]{25, 443, 993})
                        .shard(i, 3).build().resolve(pool, Duration.ofSeconds(20)).dnsFailures().size();
            }
            assertEquals(3, failures);
        } finally {
            pool.shutdownNow();
        }
    }
}
