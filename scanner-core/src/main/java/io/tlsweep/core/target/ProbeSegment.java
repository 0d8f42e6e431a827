package io.tlsweep.core.target;

/**
 * A block of the probe space: every address of {@code addresses} times every port of
 * {@code ports}, all under one host name (null for address targets). A plan is a short list of
 * these; probe {@code i} of a segment is address {@code i / ports.length}, port {@code i % ports.length}.
 */
record ProbeSegment(AddressSpace addresses, int[] ports, String host) {

    long size() {
        return Math.multiplyExact(addresses.size(), (long) ports.length);
    }

    Ip128 addressAt(long index) {
        return addresses.addressAt(index / ports.length);
    }

    int portAt(long index) {
        return ports[(int) (index % ports.length)];
    }
}
