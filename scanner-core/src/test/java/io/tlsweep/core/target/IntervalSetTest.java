package io.tlsweep.core.target;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Union and subtraction against a brute-force bit set over a small IPv4 block. */
class IntervalSetTest {

    private static final int BASE = 0x0A00_0000; // 10.0.0.0
    private static final int SPAN = 300;

    @Test
    void unionMinusAndIndexMatchBruteForce() {
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            BitSet keep = new BitSet();
            BitSet drop = new BitSet();
            IntervalSet kept = IntervalSet.union(randomIntervals(random, keep));
            IntervalSet dropped = IntervalSet.union(randomIntervals(random, drop));
            IntervalSet result = kept.minus(dropped);
            BitSet expected = (BitSet) keep.clone();
            expected.andNot(drop);

            assertEquals(expected.cardinality(), result.count().intValueExact(), "round " + round);
            for (int i = 1; i < result.intervals().size(); i++) { // disjoint, sorted, not touching
                assertTrue(result.intervals().get(i - 1).last().successor().compareTo(result.intervals().get(i).first()) < 0);
            }
            AddressSpace space = new AddressSpace(result);
            int index = 0;
            for (int bit = expected.nextSetBit(0); bit >= 0; bit = expected.nextSetBit(bit + 1)) {
                assertEquals(Ip128.ofV4(BASE + bit), space.addressAt(index++), "round " + round);
                assertTrue(result.contains(Ip128.ofV4(BASE + bit)));
            }
            assertEquals(index, space.size());
        }
    }

    @Test
    void extremesOfTheAddressSpace() {
        IntervalSet all = IntervalSet.union(List.of(new AddressInterval(Ip128.MIN, Ip128.MAX)));
        IntervalSet ends = IntervalSet.union(List.of(AddressInterval.single(Ip128.MIN), AddressInterval.single(Ip128.MAX)));
        IntervalSet middle = all.minus(ends);
        assertEquals(1, middle.intervals().size());
        assertEquals(new Ip128(0, 1), middle.intervals().get(0).first());
        assertEquals(new Ip128(-1L, -2L), middle.intervals().get(0).last());
        assertTrue(all.minus(all).isEmpty());
        assertEquals(new Ip128(1, 0), new Ip128(0, -1L).plus(1)); // carry into the high word
    }

    private static List<AddressInterval> randomIntervals(Random random, BitSet into) {
        List<AddressInterval> out = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            int a = random.nextInt(SPAN);
            int b = Math.min(SPAN - 1, a + random.nextInt(random.nextBoolean() ? 3 : 80));
            out.add(new AddressInterval(Ip128.ofV4(BASE + a), Ip128.ofV4(BASE + b)));
            into.set(a, b + 1);
        }
        return out;
    }
}
