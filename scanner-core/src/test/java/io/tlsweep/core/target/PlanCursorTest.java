package io.tlsweep.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The plan positions a resumed scan relies on: cursors from any position, skipping, and the layout digest. */
class PlanCursorTest {

    private static final Executor NO_DNS = Runnable::run;

    private static TargetPlan plan(TargetSpec.Builder b) {
        return b.build().resolve(NO_DNS, Duration.ofSeconds(1));
    }

    private static TargetSpec.Builder sweep() {
        return TargetSpec.builder().addTarget("10.0.0.0/26").addTarget("192.0.2.7:8443").ports(new int[]{443, 25})
                .sniName("a.example").seed(99);
    }

    private record Probe(long position, String text) {
    }

    private static List<Probe> walk(PlanCursor c) {
        List<Probe> out = new ArrayList<>();
        while (c.hasNext()) {
            Target t = c.next();
            out.add(new Probe(c.position(), t.ip().getHostAddress() + " " + t.port() + " " + t.sni()));
        }
        return out;
    }

    @Test
    void positionsNumberTheGroupsAndMembersShareTheirGroupsPosition() {
        TargetPlan plan = plan(sweep());
        List<Probe> all = walk(plan.iterator());
        assertEquals(plan.size(), all.size());
        Set<Long> positions = new HashSet<>();
        for (int i = 0; i < all.size(); i += 2) { // --sni-names: every group is (no SNI, a.example)
            assertEquals(all.get(i).position(), all.get(i + 1).position());
            assertTrue(positions.add(all.get(i).position()));
        }
        assertEquals(plan.groups(), positions.size());
        for (long p = 0; p < plan.groups(); p++) {
            assertTrue(positions.contains(p), "position " + p);
        }
    }

    @Test
    void aCursorFromAPositionSkippingWrittenOnesYieldsExactlyTheRest() {
        TargetPlan plan = plan(sweep());
        List<Probe> all = walk(plan.iterator());
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            long from = random.nextInt((int) plan.groups() + 1);
            Set<Long> written = new HashSet<>();
            for (long p = from; p < plan.groups(); p++) {
                if (random.nextInt(3) == 0) {
                    written.add(p);
                }
            }
            List<Probe> expected = all.stream()
                    .filter(p -> p.position() >= from && !written.contains(p.position())).toList();
            assertEquals(expected, walk(plan.cursor(from, written::contains)), "from " + from + " skipping " + written);
        }
    }

    @Test
    void theLayoutDigestChangesWithWhatDecidesThePlanButNotWithTheSeed() {
        String base = plan(sweep()).layoutDigest();
        assertEquals(base, plan(sweep()).layoutDigest());
        assertEquals(base, plan(sweep().seed(1)).layoutDigest(), "the seed is stored beside the digest");
        assertNotEquals(base, plan(sweep().ports(new int[]{443})).layoutDigest());
        assertNotEquals(base, plan(sweep().exclude("10.0.0.9")).layoutDigest());
        assertNotEquals(base, plan(sweep().sniName("b.example")).layoutDigest());
        assertNotEquals(base, plan(sweep().shard(0, 2)).layoutDigest());
        assertNotEquals(base, plan(sweep().addTarget("10.0.1.1")).layoutDigest());
        assertNotEquals(base, plan(sweep().transport(Transport.UDP)).layoutDigest());
    }
}
