package io.tlsweep.core.target;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The probe space of a resolved {@link TargetSpec}, walked in a keyed pseudo-random order.
 *
 * <p>Layout: a short list of {@link ProbeSegment}s (address set x ports, one per host name or
 * explicit port), indexed densely {@code [0, total)} by prefix sums. Order: a
 * {@link FeistelPermutation} of that index keyed by the seed. Shard {@code i} of {@code N} takes
 * permutation positions {@code i, i+N, i+2N, ...}, so shards are disjoint and together are the
 * whole plan (zmap's {@code shard.c} in spirit). Nothing grows with the number of addresses: a
 * {@code /8 x 20 ports} plan is a few objects and its first target comes at once.
 */
public final class TargetPlan implements Iterable<Target> {

    private final ProbeSegment[] segments;
    /** {@code segmentEnds[k]} = probes in segments 0..k. */
    private final long[] segmentEnds;
    private final FeistelPermutation permutation;
    private final List<DnsFailure> dnsFailures;
    private final long seed;
    private final int shardIndex;
    private final int shardCount;
    private final String sni;
    private final Transport transport;

    TargetPlan(List<ProbeSegment> segments, List<DnsFailure> allDnsFailures, long seed, int shardIndex,
               int shardCount, String sni, Transport transport) {
        this.segments = segments.toArray(new ProbeSegment[0]);
        this.segmentEnds = new long[this.segments.length];
        long total = 0;
        for (int k = 0; k < this.segments.length; k++) {
            total = Math.addExact(total, this.segments[k].size());
            segmentEnds[k] = total;
        }
        this.permutation = new FeistelPermutation(total, seed);
        this.seed = seed;
        this.shardIndex = shardIndex;
        this.shardCount = shardCount;
        this.sni = sni;
        this.transport = transport;
        // a failure is reported once overall: failure j belongs to shard j mod N
        this.dnsFailures = java.util.stream.IntStream.range(0, allDnsFailures.size())
                .filter(j -> j % shardCount == shardIndex)
                .mapToObj(allDnsFailures::get)
                .toList();
    }

    /** Probes in this shard (DNS failures not counted). */
    public long size() {
        long total = totalSize();
        return total <= shardIndex ? 0 : (total - shardIndex + shardCount - 1) / shardCount;
    }

    /** Probes in the whole plan, all shards together. */
    public long totalSize() {
        return permutation.size();
    }

    /** The seed of the order; give it back with {@code --seed} to repeat a scan's order. */
    public long seed() {
        return seed;
    }

    public int shardIndex() {
        return shardIndex;
    }

    public int shardCount() {
        return shardCount;
    }

    /** This shard's host names that did not resolve, one record per intended port. */
    public List<DnsFailure> dnsFailures() {
        return dnsFailures;
    }

    /** This shard's probes in permutation order; each call starts over. Not thread-safe; O(1) memory. */
    @Override
    public Iterator<Target> iterator() {
        return new Iterator<>() {
            private long position = shardIndex;

            @Override
            public boolean hasNext() {
                return position < totalSize();
            }

            @Override
            public Target next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Target target = targetAt(permutation.at(position));
                position += shardCount;
                return target;
            }
        };
    }

    /** The probe at dense index {@code index} of the whole plan, before permutation. */
    Target targetAt(long index) {
        int lo = 0;
        int hi = segmentEnds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (segmentEnds[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        ProbeSegment segment = segments[lo];
        long offset = index - (lo == 0 ? 0 : segmentEnds[lo - 1]);
        String host = segment.host();
        return new Target(segment.addressAt(offset).toInetAddress(), segment.portAt(offset), transport,
                host, sni != null ? sni : host);
    }
}
