package io.tlsweep.core.quic;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The version-independent part of a QUIC long-header packet (RFC 8999 section 5.1): version and
 * connection IDs, plus the version list when the packet is a Version Negotiation (RFC 9000 section
 * 17.2.1, version 0). Only what every QUIC version shares is read, so the parser also works on
 * packets of versions tlsweep does not speak, which is the point of Version Negotiation.
 *
 * <p>Used on both sides: the probe's {@link VersionNegotiationSniffer} reads the server's Version
 * Negotiation before Netty's codec drops it, and the lab's version-negotiation server reads the
 * client's Initial to answer it.
 *
 * @param version           the 32-bit version field; 0 for Version Negotiation
 * @param dcid              destination connection ID (0-255 bytes)
 * @param scid              source connection ID (0-255 bytes)
 * @param supportedVersions the versions a Version Negotiation lists (at most {@link #MAX_LISTED_VERSIONS}),
 *                          null for any other packet
 */
public record QuicLongHeader(int version, byte[] dcid, byte[] scid, List<Integer> supportedVersions) {

    /**
     * Most versions kept from one Version Negotiation packet. A datagram could list about 16,000;
     * real servers list a handful, and the record must stay small whatever a peer sends.
     */
    public static final int MAX_LISTED_VERSIONS = 32;

    public QuicLongHeader {
        dcid = dcid.clone();
        scid = scid.clone();
        supportedVersions = supportedVersions == null ? null : List.copyOf(supportedVersions);
    }

    @Override
    public byte[] dcid() {
        return dcid.clone();
    }

    @Override
    public byte[] scid() {
        return scid.clone();
    }

    /** Whether this is a Version Negotiation packet. */
    public boolean isVersionNegotiation() {
        return version == 0;
    }

    /**
     * Reads the long header at {@code buf}'s reader index without moving it. Null when the bytes are
     * not a long-header packet (short header, empty) or end inside the header; never throws.
     */
    public static QuicLongHeader parse(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        if (end - i < 7 || (buf.getByte(i) & 0x80) == 0) {
            return null; // a short header (or nothing): no version, nothing to read here
        }
        int version = buf.getInt(i + 1);
        i += 5;
        int dcidLength = buf.getUnsignedByte(i++);
        if (end - i < dcidLength + 1) {
            return null;
        }
        byte[] dcid = new byte[dcidLength];
        buf.getBytes(i, dcid);
        i += dcidLength;
        int scidLength = buf.getUnsignedByte(i++);
        if (end - i < scidLength) {
            return null;
        }
        byte[] scid = new byte[scidLength];
        buf.getBytes(i, scid);
        i += scidLength;
        List<Integer> versions = null;
        if (version == 0) {
            versions = new ArrayList<>();
            // A trailing partial word is ignored: the list is whole 32-bit versions (RFC 8999 section 6).
            for (; end - i >= 4 && versions.size() < MAX_LISTED_VERSIONS; i += 4) {
                versions.add(buf.getInt(i));
            }
        }
        return new QuicLongHeader(version, dcid, scid, versions);
    }

    /**
     * A Version Negotiation packet answering a client's packet: per RFC 9000 section 17.2.1 its
     * destination ID is the client's source ID and its source ID the client's destination ID.
     *
     * @param clientHeader the long header of the client's packet
     * @param versions     the versions to list
     */
    public static byte[] versionNegotiation(QuicLongHeader clientHeader, List<Integer> versions) {
        byte[] dcid = clientHeader.scid;
        byte[] scid = clientHeader.dcid;
        byte[] out = new byte[1 + 4 + 1 + dcid.length + 1 + scid.length + 4 * versions.size()];
        int i = 0;
        // Header form 1; the other seven bits are unused and should be random. A fixed value keeps
        // the lab reproducible; the fixed-bit position is set, as servers commonly do.
        out[i++] = (byte) 0xc0;
        i += 4; // version 0
        out[i++] = (byte) dcid.length;
        System.arraycopy(dcid, 0, out, i, dcid.length);
        i += dcid.length;
        out[i++] = (byte) scid.length;
        System.arraycopy(scid, 0, out, i, scid.length);
        i += scid.length;
        for (int v : versions) {
            out[i++] = (byte) (v >>> 24);
            out[i++] = (byte) (v >>> 16);
            out[i++] = (byte) (v >>> 8);
            out[i++] = (byte) v;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuicLongHeader h && h.version == version && Arrays.equals(h.dcid, dcid)
                && Arrays.equals(h.scid, scid) && java.util.Objects.equals(h.supportedVersions, supportedVersions);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version + Arrays.hashCode(dcid)) + Arrays.hashCode(scid);
    }

    @Override
    public String toString() {
        return "QuicLongHeader[version=" + QuicVersions.name(version) + ", dcid=" + dcid.length + " bytes, scid="
                + scid.length + " bytes, supportedVersions=" + supportedVersions + "]";
    }
}
