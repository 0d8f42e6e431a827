package io.tlsweep.core.target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeistelPermutationTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 7, 16, 1000, 4096, 4097, 65536, 65537})
    void everyIndexAppearsExactlyOnce(long size) {
        for (long seed : new long[]{0, 42, -7}) {
            FeistelPermutation permutation = new FeistelPermutation(size, seed);
            BitSet seen = new BitSet((int) size);
            for (long i = 0; i < size; i++) {
                long x = permutation.at(i);
                assertTrue(x >= 0 && x < size, "out of range " + x);
                assertFalse(seen.get((int) x), "duplicate " + x + " at size " + size);
                seen.set((int) x);
            }
            assertEquals(size, seen.cardinality());
        }
    }

    @Test
    void sameSeedSameOrderDifferentSeedDifferentOrder() {
        long[] a = order(1000, 1);
        long[] b = order(1000, 1);
        long[] c = order(1000, 2);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
        // and the order is not the identity
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(identity(1000)));
    }

    @Test
    void outOfRangePositionsAreRejected() {
        FeistelPermutation permutation = new FeistelPermutation(10, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> permutation.at(10));
        assertThrows(IndexOutOfBoundsException.class, () -> permutation.at(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> new FeistelPermutation(0, 1).at(0));
    }

    @Test
    void hugeDomainsMapInRange() {
        long size = (1L << 48) - 3;
        FeistelPermutation permutation = new FeistelPermutation(size, 9);
        for (long i = 0; i < 10_000; i++) {
            long x = permutation.at(size - 1 - i);
            assertTrue(x >= 0 && x < size);
        }
    }

    private static long[] order(int size, long seed) {
        FeistelPermutation permutation = new FeistelPermutation(size, seed);
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = permutation.at(i);
        }
        return out;
    }

    private static long[] identity(int size) {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = i;
        }
        return out;
    }
}
