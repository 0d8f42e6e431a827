package io.tlsweep.core.target;

import java.net.InetAddress;

/**
 * A block of the probe space: every address of {@code addresses} on one port number, each address
 * one probe group of {@link #groupSize()} members (its transports times its SNI variants). A plan
 * is a list of these; the group of index {@code i} is address {@code i}.
 *
 * @param addresses  the addresses, densely indexed
 * @param port       the port number
 * @param transports {@link #TCP_BIT} and/or {@link #UDP_BIT}
 * @param host       the host name the addresses came from, or null
 * @param snis       the SNI variants in member order; a null entry sends no SNI
 * @param hostIsSni  {@code --sni-matrix}: each member's host is its SNI name, not {@code host}
 */
record ProbeBlock(AddressSpace addresses, int port, int transports, String host, String[] snis,
                  boolean hostIsSni) {

    static final int TCP_BIT = 1;
    static final int UDP_BIT = 2;

    ProbeBlock {
        if ((transports & (TCP_BIT | UDP_BIT)) == 0 || (transports & ~(TCP_BIT | UDP_BIT)) != 0 || snis.length == 0) {
            throw new IllegalArgumentException("empty group shape");
        }
    }

    static int bit(Transport t) {
        return t == Transport.UDP ? UDP_BIT : TCP_BIT;
    }

    /** Groups in the block: one per address. */
    long groups() {
        return addresses.size();
    }

    int groupSize() {
        return Integer.bitCount(transports) * snis.length;
    }

    /** Probes in the block. */
    long members() {
        return Math.multiplyExact(groups(), (long) groupSize());
    }

    /** Member {@code j} of a group: TCP before UDP, SNI variants in order within each transport. */
    Target member(InetAddress ip, int j, ProbeGroup group) {
        int transportIndex = j / snis.length;
        Transport transport = (transports & TCP_BIT) != 0 && transportIndex == 0 ? Transport.TCP : Transport.UDP;
        String sni = snis[j % snis.length];
        return new Target(ip, port, transport, hostIsSni ? sni : host, sni, group);
    }
}
