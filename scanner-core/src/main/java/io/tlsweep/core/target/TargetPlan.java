package io.tlsweep.core.target;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongPredicate;

/**
 * The probe space of a resolved {@link TargetSpec}, walked in a keyed pseudo-random order.
 *
 * <p>Layout: a list of {@link ProbeBlock}s (an address set on one port number, one per host name
 * or port), each address of a block one {@link ProbeGroup} (its transports x SNI variants). Groups
 * are indexed densely {@code [0, groups)} by prefix sums. Shard {@code i} of {@code N} takes the
 * groups {@code i, i+N, i+2N, ...}, so shards are disjoint and together are the whole plan, and a
 * group is never split between shards. Order: a {@link FeistelPermutation} of the shard's groups
 * keyed by the seed; the members of a group come one after the other (TCP before UDP, no SNI first,
 * then the names in the order given). Nothing grows with the number of addresses: a
 * {@code /8 x 20 ports} plan is a few objects and its first target comes at once.
 *
 * <p>Sizes count probes (members), not groups, because progress and {@code --dry-run} count probes.
 */
public final class TargetPlan implements Iterable<Target> {

    private final ProbeBlock[] blocks;
    /** {@code blockEnds[k]} = groups in blocks 0..k. */
    private final long[] blockEnds;
    private final long totalGroups;
    private final long totalMembers;
    private final long shardGroups;
    private final long shardMembers;
    private final FeistelPermutation permutation;
    private final List<DnsFailure> dnsFailures;
    private final long seed;
    private final int shardIndex;
    private final int shardCount;

    TargetPlan(List<ProbeBlock> blocks, List<DnsFailure> allDnsFailures, long seed, int shardIndex, int shardCount) {
        this.blocks = blocks.stream().filter(b -> b.groups() > 0).toArray(ProbeBlock[]::new);
        this.blockEnds = new long[this.blocks.length];
        this.shardIndex = shardIndex;
        this.shardCount = shardCount;
        long groups = 0;
        long members = 0;
        long inShard = 0;
        for (int k = 0; k < this.blocks.length; k++) {
            ProbeBlock b = this.blocks[k];
            long start = groups;
            groups = Math.addExact(groups, b.groups());
            blockEnds[k] = groups;
            members = Math.addExact(members, b.members());
            inShard += (groupsBelow(groups) - groupsBelow(start)) * b.groupSize();
        }
        this.totalGroups = groups;
        this.totalMembers = members;
        this.shardGroups = groupsBelow(groups);
        this.shardMembers = inShard;
        this.permutation = new FeistelPermutation(shardGroups, seed);
        this.seed = seed;
        // a failure is reported once overall: failure j belongs to shard j mod N
        this.dnsFailures = java.util.stream.IntStream.range(0, allDnsFailures.size())
                .filter(j -> j % shardCount == shardIndex)
                .mapToObj(allDnsFailures::get)
                .toList();
    }

    /** How many of the groups {@code [0, end)} belong to this shard (those {@code = shardIndex mod N}). */
    private long groupsBelow(long end) {
        return end <= shardIndex ? 0 : (end - shardIndex + shardCount - 1) / shardCount;
    }

    /** Probes in this shard (DNS failures not counted). */
    public long size() {
        return shardMembers;
    }

    /** Probes in the whole plan, all shards together. */
    public long totalSize() {
        return totalMembers;
    }

    /** Probe groups (address x port number) in this shard; each is one or more probes. */
    public long groups() {
        return shardGroups;
    }

    /** Probe groups in the whole plan. */
    public long totalGroups() {
        return totalGroups;
    }

    /** Blocks in the layout: what a plan costs in memory, whatever the number of addresses. */
    int blockCount() {
        return blocks.length;
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

    /**
     * This shard's probes, groups in permutation order and the members of each group together;
     * each call starts over. Not thread-safe; O(1) memory (one {@link ProbeGroup} per group of two
     * or more members, none for a probe alone).
     */
    @Override
    public PlanCursor iterator() {
        return cursor(0, position -> false);
    }

    /**
     * The probes from plan position {@code from} on, leaving out the groups at positions that
     * {@code alreadyWritten} accepts: what is left of a scan resumed from a checkpoint. The skip test
     * is asked once per position at most, in increasing order, on the iterating thread.
     */
    public PlanCursor cursor(long from, LongPredicate alreadyWritten) {
        if (from < 0 || from > shardGroups) {
            throw new IndexOutOfBoundsException("position " + from + " of " + shardGroups);
        }
        return new PlanCursor() {
            private long position = from;
            private long current = -1;
            private ProbeBlock block;
            private InetAddress ip;
            private ProbeGroup group;
            private int member;
            private int groupSize;

            @Override
            public boolean hasNext() {
                if (member < groupSize) {
                    return true;
                }
                while (position < shardGroups && alreadyWritten.test(position)) {
                    position++;
                }
                return position < shardGroups;
            }

            @Override
            public Target next() {
                if (member >= groupSize) {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    current = position;
                    enterGroup(shardIndex + permutation.at(position++) * shardCount);
                }
                return block.member(ip, member++, group);
            }

            @Override
            public long position() {
                return current;
            }

            private void enterGroup(long index) {
                int k = blockOf(index);
                block = blocks[k];
                ip = block.addresses().addressAt(index - (k == 0 ? 0 : blockEnds[k - 1])).toInetAddress();
                groupSize = block.groupSize();
                group = groupSize > 1 ? new ProbeGroup(groupSize) : null;
                member = 0;
            }
        };
    }

    /**
     * A SHA-256 (hex) of everything that decides which probe sits at which plan position, except the
     * seed: the blocks (addresses after exclusion and DNS, port, transports, host name, SNI variants),
     * the host names that did not resolve, and the shard. Two plans with the same digest and seed
     * have the same probes in the same order, which is what a checkpoint's positions refer to.
     */
    public String layoutDigest() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder text = new StringBuilder("tlsweep-plan-layout 1\n");
        text.append("shard ").append(shardIndex).append('/').append(shardCount).append('\n');
        for (ProbeBlock b : blocks) {
            text.append("block ").append(b.port()).append(' ').append(b.transports()).append(' ')
                    .append(b.host()).append(' ').append(b.hostIsSni());
            for (String sni : b.snis()) {
                text.append(' ').append(sni);
            }
            text.append('\n');
            md.update(text.toString().getBytes(StandardCharsets.UTF_8));
            text.setLength(0);
            b.addresses().digestInto(md);
        }
        for (DnsFailure f : dnsFailures) {
            text.append("dns ").append(f.host()).append(' ').append(f.port()).append(' ').append(f.transport())
                    .append('\n');
        }
        md.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** The block holding dense group index {@code index}: the first k with {@code blockEnds[k] > index}. */
    private int blockOf(long index) {
        int lo = 0;
        int hi = blockEnds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (blockEnds[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
