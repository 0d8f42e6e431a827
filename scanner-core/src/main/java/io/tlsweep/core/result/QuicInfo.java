package io.tlsweep.core.result;

import java.util.List;

/**
 * What a QUIC (UDP) probe learnt beyond the TLS parameters, which live in {@link TlsInfo} as for
 * TCP. Null on TCP records.
 *
 * @param version             the QUIC version the connection used: {@code "v1"} (RFC 9000),
 *                            {@code "v2"} (RFC 9369), {@code "draft-29"}, else {@code "0x%08x"};
 *                            null when no version was agreed
 * @param serverVersions      the versions a Version Negotiation packet listed (same spelling), or
 *                            null when the server sent none
 * @param maxIdleTimeoutMs    the server's max_idle_timeout transport parameter, or null
 * @param maxUdpPayloadSize   the server's max_udp_payload_size transport parameter, or null
 * @param initialMaxData      the server's initial_max_data transport parameter, or null
 * @param initialMaxStreamsBidi the server's initial_max_streams_bidi transport parameter, or null
 * @param closeCode           the error code of a CONNECTION_CLOSE the server sent, or null
 * @param closeReason         its reason phrase, escaped and bounded, or null
 * @param sameCertAsTcp       whether the leaf equals the one served over TCP on the same address,
 *                            port and SNI in this scan; null when that TCP probe was not part of the
 *                            scan or either side has no certificate
 */
public record QuicInfo(String version, List<String> serverVersions, Long maxIdleTimeoutMs, Long maxUdpPayloadSize,
                       Long initialMaxData, Long initialMaxStreamsBidi, Long closeCode, String closeReason,
                       Boolean sameCertAsTcp) {

    /** The same facts, with the TCP comparison filled in by the group join. */
    public QuicInfo withSameCertAsTcp(Boolean same) {
        return new QuicInfo(version, serverVersions, maxIdleTimeoutMs, maxUdpPayloadSize, initialMaxData,
                initialMaxStreamsBidi, closeCode, closeReason, same);
    }
}
