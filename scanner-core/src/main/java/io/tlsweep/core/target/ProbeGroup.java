package io.tlsweep.core.target;

/**
 * The probes of one address and one port number that are judged together: its transports (TCP,
 * UDP) times its SNI variants. A {@link TargetPlan} emits the members of a group one after the
 * other, TCP before UDP, no SNI first and then the names in the order given, and they all share
 * this one object; the engine waits for every member's outcome, then assembles the group's
 * records together (same certificate over QUIC and TCP, Alt-Svc reachability, the SNI matrix).
 *
 * <p>Identity is the group: two groups of the same size are different groups. A probe alone on its
 * address and port has no group ({@link Target#group()} is null), so a plain sweep allocates none.
 */
public final class ProbeGroup {

    private final int size;

    /** @param size how many members the group has, at least 1 */
    public ProbeGroup(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("group size " + size);
        }
        this.size = size;
    }

    /** How many probes belong to the group. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "ProbeGroup@" + Integer.toHexString(System.identityHashCode(this)) + "[" + size + "]";
    }
}
