package io.tlsweep.core.target;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

/**
 * A dense index over an {@link IntervalSet}: address {@code i} of the set in address order, found by
 * a binary search over prefix sums. This is how a random permutation position becomes an address
 * without ever listing the addresses (zmap's blocklist lookup).
 */
final class AddressSpace {

    private final Ip128[] starts;
    /** {@code ends[k]} = number of addresses in intervals 0..k, so interval k holds indices [ends[k-1], ends[k]). */
    private final long[] ends;

    /**
     * @throws ArithmeticException when the set holds 2^63 or more addresses; callers cap sizes first
     */
    AddressSpace(IntervalSet set) {
        List<AddressInterval> intervals = set.intervals();
        starts = new Ip128[intervals.size()];
        ends = new long[intervals.size()];
        long total = 0;
        for (int k = 0; k < starts.length; k++) {
            AddressInterval interval = intervals.get(k);
            starts[k] = interval.first();
            total = Math.addExact(total, interval.count().longValueExact());
            ends[k] = total;
        }
    }

    long size() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    Ip128 addressAt(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index + " of " + size());
        }
        int lo = 0;
        int hi = ends.length - 1;
        while (lo < hi) { // first k with ends[k] > index
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long before = lo == 0 ? 0 : ends[lo - 1];
        return starts[lo].plus(index - before);
    }

    /** Feeds the space (interval starts and sizes, in order) to {@code md}: the layout digest of a plan. */
    void digestInto(MessageDigest md) {
        ByteBuffer buf = ByteBuffer.allocate(24);
        for (int k = 0; k < starts.length; k++) {
            buf.clear();
            buf.putLong(starts[k].hi()).putLong(starts[k].lo()).putLong(ends[k]);
            md.update(buf.array());
        }
    }
}
