package io.tlsweep.core.resume;

import java.util.Arrays;

/**
 * An immutable set of plan positions as sorted, disjoint, non-adjacent ranges: the units a
 * checkpoint records as written above its low-water mark. Written as {@code 12-15,18,20-31}.
 *
 * <p>Why ranges: units finish roughly in plan order, so what is written above the lowest unfinished
 * unit is a few long runs, and the text stays short whatever the plan's size.
 */
public final class WrittenRanges {

    /** No positions. */
    public static final WrittenRanges EMPTY = new WrittenRanges(new long[0], new long[0]);

    /** {@code firsts[k]..lasts[k]} inclusive; sorted, with a gap of at least one between ranges. */
    private final long[] firsts;
    private final long[] lasts;

    private WrittenRanges(long[] firsts, long[] lasts) {
        this.firsts = firsts;
        this.lasts = lasts;
    }

    /** Collects ranges in increasing order (the builder of the ledger and of the codec). */
    public static final class Builder {
        private long[] firsts = new long[8];
        private long[] lasts = new long[8];
        private int n;

        /**
         * Adds {@code first..last}, which must lie above everything added so far.
         *
         * @throws IllegalArgumentException when the range is empty, negative, or not above the last one
         */
        public Builder add(long first, long last) {
            if (first < 0 || last < first || (n > 0 && first <= lasts[n - 1])) {
                throw new IllegalArgumentException("range " + first + "-" + last + " out of order");
            }
            if (n > 0 && first == lasts[n - 1] + 1) {
                lasts[n - 1] = last; // adjacent: one range
                return this;
            }
            if (n == firsts.length) {
                firsts = Arrays.copyOf(firsts, n * 2);
                lasts = Arrays.copyOf(lasts, n * 2);
            }
            firsts[n] = first;
            lasts[n] = last;
            n++;
            return this;
        }

        public WrittenRanges build() {
            return n == 0 ? EMPTY : new WrittenRanges(Arrays.copyOf(firsts, n), Arrays.copyOf(lasts, n));
        }
    }

    public boolean contains(long position) {
        int k = Arrays.binarySearch(firsts, position);
        if (k >= 0) {
            return true;
        }
        int before = -k - 2; // the last range starting below position
        return before >= 0 && position <= lasts[before];
    }

    public boolean isEmpty() {
        return firsts.length == 0;
    }

    /** How many ranges. */
    public int rangeCount() {
        return firsts.length;
    }

    public long first(int range) {
        return firsts[range];
    }

    public long last(int range) {
        return lasts[range];
    }

    /** How many positions. */
    public long size() {
        long total = 0;
        for (int k = 0; k < firsts.length; k++) {
            total += lasts[k] - firsts[k] + 1;
        }
        return total;
    }

    /** The lowest position, or -1 when empty. */
    public long lowest() {
        return firsts.length == 0 ? -1 : firsts[0];
    }

    /** {@code 12-15,18,20-31}; empty text for the empty set. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < firsts.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append(firsts[k]);
            if (lasts[k] != firsts[k]) {
                b.append('-').append(lasts[k]);
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrittenRanges w && Arrays.equals(firsts, w.firsts) && Arrays.equals(lasts, w.lasts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(firsts) + Arrays.hashCode(lasts);
    }
}
