package io.tlsweep.core.target;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A set of addresses as sorted, disjoint, non-adjacent intervals: memory grows with the number of
 * ranges given, never with their size. Exclusions are interval subtraction (zmap's blocklist), so
 * an excluded address is absent from the set rather than filtered out later.
 */
final class IntervalSet {

    static final IntervalSet EMPTY = new IntervalSet(List.of());

    private final List<AddressInterval> intervals;

    private IntervalSet(List<AddressInterval> normalised) {
        this.intervals = normalised;
    }

    /** The union of any intervals: overlapping and touching ones are merged. */
    static IntervalSet union(Collection<AddressInterval> any) {
        List<AddressInterval> sorted = new ArrayList<>(any);
        sorted.sort(Comparator.comparing(AddressInterval::first));
        List<AddressInterval> merged = new ArrayList<>();
        for (AddressInterval next : sorted) {
            if (!merged.isEmpty()) {
                AddressInterval tail = merged.get(merged.size() - 1);
                boolean touches = tail.last().equals(Ip128.MAX)
                        || next.first().compareTo(tail.last().successor()) <= 0;
                if (touches) {
                    if (next.last().compareTo(tail.last()) > 0) {
                        merged.set(merged.size() - 1, new AddressInterval(tail.first(), next.last()));
                    }
                    continue;
                }
            }
            merged.add(next);
        }
        return merged.isEmpty() ? EMPTY : new IntervalSet(List.copyOf(merged));
    }

    /** This set without the addresses of {@code removed}; a linear sweep over both lists. */
    IntervalSet minus(IntervalSet removed) {
        if (intervals.isEmpty() || removed.intervals.isEmpty()) {
            return this;
        }
        List<AddressInterval> out = new ArrayList<>();
        int r = 0;
        for (AddressInterval keep : intervals) {
            Ip128 start = keep.first();
            boolean exhausted = false;
            // skip removals that end before this interval starts
            while (r < removed.intervals.size() && removed.intervals.get(r).last().compareTo(start) < 0) {
                r++;
            }
            int i = r;
            while (i < removed.intervals.size() && removed.intervals.get(i).first().compareTo(keep.last()) <= 0) {
                AddressInterval cut = removed.intervals.get(i);
                if (cut.first().compareTo(start) > 0) {
                    out.add(new AddressInterval(start, cut.first().predecessor()));
                }
                if (cut.last().compareTo(keep.last()) >= 0) {
                    exhausted = true;
                    break;
                }
                start = cut.last().successor();
                i++;
            }
            if (!exhausted) {
                out.add(new AddressInterval(start, keep.last()));
            }
        }
        return out.isEmpty() ? EMPTY : new IntervalSet(List.copyOf(out));
    }

    boolean contains(Ip128 address) {
        int lo = 0;
        int hi = intervals.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            AddressInterval at = intervals.get(mid);
            if (address.compareTo(at.first()) < 0) {
                hi = mid - 1;
            } else if (address.compareTo(at.last()) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    List<AddressInterval> intervals() {
        return intervals;
    }

    boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** The number of addresses, exactly. */
    BigInteger count() {
        BigInteger total = BigInteger.ZERO;
        for (AddressInterval interval : intervals) {
            total = total.add(interval.count());
        }
        return total;
    }
}
