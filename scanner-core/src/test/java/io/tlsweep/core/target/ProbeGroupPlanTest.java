package io.tlsweep.core.target;

import io.tlsweep.core.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transports in port lists, SNI variants and probe groups in the plan: the members of a group come
 * one after the other in member order, shards split by group, sizes count probes.
 */
class ProbeGroupPlanTest {

    private static final int UDP_443 = PortKeys.of(443, Transport.UDP);

    private static final java.util.concurrent.Executor NO_DNS = r -> {
        throw new AssertionError("no lookup expected");
    };

    private static TargetPlan plan(TargetSpec.Builder builder) {
        return builder.build().resolve(NO_DNS, Duration.ofSeconds(1));
    }

    /** A resolver answering from a fixed table, so --sni-matrix can be tested without DNS. */
    private static Function<Collection<String>, Map<String, HostResolver.Outcome>> fakeDns(Map<String, String[]> table) {
        return names -> {
            Map<String, HostResolver.Outcome> out = new LinkedHashMap<>();
            for (String name : names) {
                String[] addresses = table.get(name);
                if (addresses == null) {
                    out.put(name, new HostResolver.Outcome(List.of(), "unknown host"));
                    continue;
                }
                List<Ip128> ips = new ArrayList<>();
                for (String a : addresses) {
                    ips.add(((TargetToken.Addresses) TargetTokenParser.parseTarget(a)).range().first());
                }
                out.put(name, new HostResolver.Outcome(ips, null));
            }
            return out;
        };
    }

    private static String key(Target t) {
        return t.ip().getHostAddress() + " " + PortKeys.text(PortKeys.of(t.port(), t.transport())) + " "
                + t.host() + " " + t.sni();
    }

    private static List<Target> all(TargetPlan plan) {
        List<Target> out = new ArrayList<>();
        plan.forEach(out::add);
        return out;
    }

    /**
     * Checks the group invariants of an iteration and returns the groups in order: members of one
     * group are consecutive, share one ProbeGroup of the right size, share address and port; a probe
     * alone has no group.
     */
    private static List<List<Target>> groups(List<Target> targets) {
        List<List<Target>> out = new ArrayList<>();
        Set<ProbeGroup> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < targets.size(); ) {
            Target first = targets.get(i);
            if (first.group() == null) {
                out.add(List.of(first));
                i++;
                continue;
            }
            assertTrue(seen.add(first.group()), "a group appears twice (members not consecutive): " + key(first));
            int size = first.group().size();
            assertTrue(size >= 2, "groups of one are not made: " + key(first));
            assertTrue(i + size <= targets.size(), "group cut short at the end");
            List<Target> members = targets.subList(i, i + size);
            for (Target m : members) {
                assertSame(first.group(), m.group(), "member of another group inside " + key(first));
                assertEquals(first.ip(), m.ip());
                assertEquals(first.port(), m.port());
            }
            out.add(members);
            i += size;
        }
        return out;
    }

    @Test
    void portListWithTransportsMakesOneGroupPerAddressAndPortNumber() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/28").ports(new int[]{80, 443, UDP_443}).seed(3));
        assertEquals(16 * 3, plan.size());
        assertEquals(16 * 3, plan.totalSize());
        assertEquals(16 * 2, plan.groups());
        List<Target> targets = all(plan);
        assertEquals(48, targets.size());
        assertEquals(48, new HashSet<>(targets.stream().map(ProbeGroupPlanTest::key).toList()).size());
        List<List<Target>> groups = groups(targets);
        assertEquals(32, groups.size());
        for (List<Target> g : groups) {
            if (g.get(0).port() == 80) {
                assertEquals(1, g.size());
                assertNull(g.get(0).group(), "a probe alone has no group object");
                assertEquals(Transport.TCP, g.get(0).transport());
            } else {
                assertEquals(List.of(Transport.TCP, Transport.UDP), g.stream().map(Target::transport).toList(),
                        "TCP before UDP");
            }
        }
    }

    @Test
    void sniVariantsComeNoSniFirstThenNamesInOrderWithinEachTransport() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("192.0.2.1").ports(new int[]{443, UDP_443})
                .sniName("b.example").sniName("A.example").sniName("b.example"));
        List<Target> targets = all(plan);
        assertEquals(List.of(
                "192.0.2.1 443 null null", "192.0.2.1 443 null b.example", "192.0.2.1 443 null a.example",
                "192.0.2.1 443/udp null null", "192.0.2.1 443/udp null b.example", "192.0.2.1 443/udp null a.example"),
                targets.stream().map(ProbeGroupPlanTest::key).toList(), "deduplicated case-insensitively, order kept");
        assertEquals(1, groups(targets).size());
        assertEquals(6, targets.get(0).group().size());
    }

    @Test
    void aHostNameIsOneOfItsOwnVariants() {
        TargetPlan plan = TargetSpec.builder().addTarget("www.example").ports(new int[]{443})
                .sniName("api.example").sniName("www.example").build()
                .resolve(fakeDns(Map.of("www.example", new String[]{"192.0.2.9"})));
        assertEquals(List.of("192.0.2.9 443 www.example null", "192.0.2.9 443 www.example www.example",
                "192.0.2.9 443 www.example api.example"), all(plan).stream().map(ProbeGroupPlanTest::key).toList());
    }

    @Test
    void sniMatrixProbesEachAddressWithTheNamesThatResolvedToIt() {
        Map<String, String[]> dns = new HashMap<>();
        dns.put("www.example", new String[]{"192.0.2.1", "192.0.2.2"});
        dns.put("api.example", new String[]{"192.0.2.2"});
        dns.put("mail.example", new String[]{"192.0.2.3"});
        TargetPlan plan = TargetSpec.builder().addTarget("www.example").addTarget("api.example")
                .addTarget("mail.example:993").addTarget("gone.example").ports(new int[]{443}).sniMatrix(true)
                .seed(1).build().resolve(fakeDns(dns));
        List<List<Target>> groups = groups(all(plan));
        Map<String, List<String>> byAddress = new HashMap<>();
        for (List<Target> g : groups) {
            byAddress.put(g.get(0).ip().getHostAddress() + ":" + g.get(0).port(),
                    g.stream().map(t -> t.host() + "/" + t.sni()).toList());
        }
        assertEquals(Map.of(
                "192.0.2.1:443", List.of("null/null", "www.example/www.example"),
                "192.0.2.2:443", List.of("null/null", "www.example/www.example", "api.example/api.example"),
                "192.0.2.3:993", List.of("null/null", "mail.example/mail.example")), byAddress,
                "host = the SNI name, null on the no-SNI probe; names in input order");
        assertEquals(7, plan.size());
        assertEquals(1, plan.dnsFailures().size());
        assertEquals("gone.example", plan.dnsFailures().get(0).host());
    }

    @Test
    void sharedAddressesOfExplicitPortsJoinTheDefaultGroup() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/30").addTarget("10.0.0.1:443/udp")
                .addTarget("10.0.0.9:443/udp").ports(new int[]{443}));
        Map<String, List<Transport>> byAddress = new HashMap<>();
        for (List<Target> g : groups(all(plan))) {
            byAddress.put(g.get(0).ip().getHostAddress(), g.stream().map(Target::transport).toList());
        }
        assertEquals(Map.of("10.0.0.0", List.of(Transport.TCP), "10.0.0.1", List.of(Transport.TCP, Transport.UDP),
                "10.0.0.2", List.of(Transport.TCP), "10.0.0.3", List.of(Transport.TCP),
                "10.0.0.9", List.of(Transport.UDP)), byAddress);
        assertEquals(6, plan.size());
    }

    @Test
    void quicSwitchProbesEveryPortOverUdp() {
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.1").addTarget("10.0.0.2:8443")
                .ports(new int[]{443, UDP_443}).transport(Transport.UDP));
        assertEquals(List.of("10.0.0.1 443/udp null null", "10.0.0.2 8443/udp null null"),
                all(plan).stream().map(ProbeGroupPlanTest::key).sorted().toList(), "443 and 443/udp are one probe");
    }

    /** Shards split by group: disjoint, complete, a group never split, sizes that add up, for N = 1..5. */
    @Test
    void shardsAreDisjointAndCompleteWithGroups() {
        Set<String> whole = new HashSet<>();
        for (Target t : plan(spec(0, 1))) {
            whole.add(key(t));
        }
        assertEquals(40 * (2 * 3 + 3) + 3, whole.size());
        for (int n = 1; n <= 5; n++) {
            Set<String> union = new HashSet<>();
            long sizes = 0;
            long groupCount = 0;
            for (int i = 0; i < n; i++) {
                TargetPlan shard = plan(spec(i, n));
                List<Target> targets = all(shard);
                assertEquals(shard.size(), targets.size(), "size() of shard " + i + "/" + n);
                assertEquals(shard.groups(), groups(targets).size(), "groups() of shard " + i + "/" + n);
                assertEquals(whole.size(), shard.totalSize());
                sizes += shard.size();
                groupCount += shard.groups();
                for (Target t : targets) {
                    assertTrue(union.add(key(t)), "shard " + i + "/" + n + " repeats " + key(t));
                }
            }
            assertEquals(whole, union, "union of " + n + " shards");
            assertEquals(whole.size(), sizes);
            assertEquals(plan(spec(0, 1)).totalGroups(), groupCount);
        }
    }

    /** 40 addresses on 443 and 443/udp (groups of 6: two names and no SNI) and on 80 (groups of 3), one on 8443. */
    private static TargetSpec.Builder spec(int shard, int of) {
        return TargetSpec.builder().addTarget("10.0.0.0/27").addTarget("10.0.1.0-7").addTarget("192.0.2.1:8443")
                .ports(new int[]{80, 443, UDP_443}).sniName("a.example").sniName("b.example").seed(9).shard(shard, of)
                .transport(Transport.TCP);
    }

    @Test
    void groupedOrderIsReproducibleAndPermuted() {
        List<String> first = all(plan(spec(0, 1))).stream().map(ProbeGroupPlanTest::key).toList();
        assertEquals(first, all(plan(spec(0, 1))).stream().map(ProbeGroupPlanTest::key).toList());
        List<String> sorted = new ArrayList<>(first);
        sorted.sort(null);
        assertTrue(!sorted.equals(first), "not in address order");
    }

    @Test
    void aHugeGroupedPlanIsStillAFewObjects() {
        int[] ports = new int[10];
        for (int i = 0; i < 10; i++) {
            ports[i] = i % 2 == 0 ? 1000 + i : PortKeys.of(1000 + i - 1, Transport.UDP);
        }
        TargetPlan plan = plan(TargetSpec.builder().addTarget("10.0.0.0/8").ports(ports).sniName("a.example").seed(2));
        assertEquals((1L << 24) * 10 * 2, plan.size());
        assertEquals((1L << 24) * 5, plan.groups());
        assertTrue(plan.blockCount() <= 5, "one block per port number, got " + plan.blockCount());
        Iterator<Target> it = plan.iterator();
        for (int i = 0; i < 1000; i++) {
            Target t = it.next();
            assertNotNull(t.group());
            assertTrue(t.ip().getHostAddress().startsWith("10."));
        }
    }

    @Test
    void aPlainSweepMakesNoGroups() {
        for (Target t : plan(TargetSpec.builder().addTarget("10.0.0.0/24").ports(new int[]{443, 8443}))) {
            assertNull(t.group(), t.toString());
        }
    }

    @Test
    void sniNamesAreCheckedAndReadFromFiles(@TempDir Path dir) throws Exception {
        assertEquals("bad SNI name '10.0.0.1': SNI must be a host name, not an IP address",
                assertThrows(BadInputException.class, () -> TargetSpec.builder().sniName("10.0.0.1")).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> TargetSpec.builder().sniName("a b.example"))
                .getMessage().startsWith("bad SNI name 'a b.example'"));
        Path names = Files.writeString(dir.resolve("names.txt"), "# vhosts\nwww.example\n\napi.example  # api\n");
        TargetSpec.Builder b = TargetSpec.builder().sniNamesFrom(names);
        assertEquals(2, b.sniNameCount());
        assertEquals(List.of("null", "www.example", "api.example"), all(plan(b.addTarget("192.0.2.1:443")))
                .stream().map(t -> String.valueOf(t.sni())).toList());
        Files.writeString(names, "ok.example\nnot_ok!\n");
        assertEquals(names + ":2: bad SNI name 'not_ok!': not a valid host name",
                assertThrows(BadInputException.class, () -> TargetSpec.builder().sniNamesFrom(names)).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> TargetSpec.builder().sniNamesFrom(dir.resolve("no")))
                .getMessage().startsWith("cannot read SNI names file"));
    }

    @Test
    void portKeys() {
        assertEquals(443, PortKeys.port(UDP_443));
        assertEquals(Transport.UDP, PortKeys.transport(UDP_443));
        assertEquals(Transport.TCP, PortKeys.transport(443));
        assertEquals("443/udp", PortKeys.text(UDP_443));
        assertEquals("443", PortKeys.text(443));
        assertTrue(PortKeys.valid(UDP_443) && PortKeys.valid(1) && PortKeys.valid(65535));
        assertTrue(Arrays.stream(new int[]{0, PortKeys.UDP, 1 << 17, -1}).noneMatch(PortKeys::valid));
        assertThrows(BadInputException.class, () -> TargetSpec.builder().ports(new int[]{1 << 17}));
    }
}
