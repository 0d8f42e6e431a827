package io.tlsweep.core.target;

/**
 * A keyed pseudo-random bijection of {@code [0, size)}: a balanced 4-round Feistel network over
 * the smallest {@code 4^k >= size}, with cycle-walking to stay inside {@code [0, size)}.
 *
 * <p>Why this shape: a Feistel network is a bijection for any round function, so no state is kept
 * and position {@code i} maps in O(1) (zmap gets the same property from a cyclic group). The domain
 * is at most 4x the size, so cycle-walking takes under 4 steps on average. It scatters probes so
 * one network is not hammered, and it is deterministic per seed so a shard or a rerun repeats the
 * exact order. It is not a cipher and needs not be.
 */
final class FeistelPermutation {

    private static final int ROUNDS = 4;

    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    FeistelPermutation(long size, long seed) {
        if (size < 0 || size > 1L << 62) {
            throw new IllegalArgumentException("size " + size);
        }
        this.size = size;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(size - 1, 1)); // ceil(log2(size)), >= 1
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long state = seed;
        for (int r = 0; r < ROUNDS; r++) {
            state += 0x9E3779B97F4A7C15L;
            roundKeys[r] = mix(state);
        }
    }

    long size() {
        return size;
    }

    /** The element at permutation position {@code position}, both in {@code [0, size)}. */
    long at(long position) {
        if (position < 0 || position >= size) {
            throw new IndexOutOfBoundsException(position + " of " + size);
        }
        long x = encrypt(position);
        while (x >= size) { // cycle-walk: the orbit of an in-range value returns into the range
            x = encrypt(x);
        }
        return x;
    }

    private long encrypt(long value) {
        long left = value >>> halfBits;
        long right = value & halfMask;
        for (long key : roundKeys) {
            long next = left ^ (mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** SplitMix64's finaliser: a cheap, well-mixing 64-bit function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
