package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.CipherSuites;
import io.tlsweep.core.tls.wire.ClientHelloBuilder;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.Extensions;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The ClientHellos enumeration sends, one shape per protocol version (docs/enumeration.md says why
 * each field is there). Every hello of one version has the same extensions; only the suites and
 * groups offered change, so answers to different hellos can be compared.
 */
final class HelloShapes {

    /** Broad signature_algorithms: ECDSA, RSA-PSS, PKCS#1, EdDSA, brainpool, and the SHA-1/SHA-224 ones old servers need. */
    static final List<Integer> SIGNATURE_SCHEMES = List.of(0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805,
            0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x081a, 0x081b, 0x081c, 0x0303, 0x0301,
            0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202);

    /** compression_methods offered at TLS 1.2 and older: DEFLATE, so a server that compresses (CRIME) shows it. */
    private static final byte[] DEFLATE_AND_NULL = {1, 0};
    private static final int HEARTBEAT_PEER_ALLOWED = 1;

    private HelloShapes() {
    }

    /**
     * A hello for {@code version} offering {@code suites} (in order) and, at TLS 1.2 and older, the EC
     * {@code groups}; at TLS 1.3 {@code groups} is supported_groups with an empty key_share.
     * {@code fallback} appends TLS_FALLBACK_SCSV (RFC 7507) to the suites.
     */
    static ClientHelloSpec hello(int version, List<Integer> suites, List<Integer> groups, String sni,
                                 boolean fallback) {
        List<Integer> offered = new ArrayList<>(suites);
        if (version == TlsVersion.TLS1_3) {
            return tls13(offered, groups, sni);
        }
        if (version == TlsVersion.SSL3) {
            // No extensions block at all (SSLv3 servers may choke on one); the SCSV signals RFC 5746 instead.
            offered.add(CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
            if (fallback) {
                offered.add(CipherSuites.TLS_FALLBACK_SCSV);
            }
            return ClientHelloSpec.builder().recordVersion(TlsVersion.SSL3).helloVersion(TlsVersion.SSL3)
                    .cipherSuites(offered).compressionMethods(DEFLATE_AND_NULL).omitExtensionsBlock(true).build();
        }
        if (fallback) {
            offered.add(CipherSuites.TLS_FALLBACK_SCSV);
        }
        ClientHelloBuilder b = ClientHelloSpec.builder().recordVersion(TlsVersion.TLS1_0).helloVersion(version)
                .cipherSuites(offered).compressionMethods(DEFLATE_AND_NULL);
        if (sni != null) {
            b.extension(Extensions.serverName(sni));
        }
        b.extension(Extensions.supportedGroups(groups)).extension(Extensions.ecPointFormats(0, 1, 2));
        if (version == TlsVersion.TLS1_2) {
            b.extension(Extensions.signatureAlgorithms(SIGNATURE_SCHEMES));
        }
        return b.extension(Extensions.renegotiationInfo())
                .extension(Extensions.extendedMasterSecret())
                .extension(Extensions.statusRequest())
                .extension(Extensions.sessionTicket())
                .extension(Extensions.heartbeat(HEARTBEAT_PEER_ALLOWED))
                .build();
    }

    /**
     * TLS 1.3: supported_versions {1.3} only, key_share empty. A 1.3 server that shares a suite and a
     * group must answer HelloRetryRequest naming both; no key material is needed to learn them.
     */
    private static ClientHelloSpec tls13(List<Integer> suites, List<Integer> groups, String sni) {
        ClientHelloBuilder b = ClientHelloSpec.builder().recordVersion(TlsVersion.TLS1_0).helloVersion(TlsVersion.TLS1_2)
                .sessionId(new byte[32]).cipherSuites(suites);
        if (sni != null) {
            b.extension(Extensions.serverName(sni));
        }
        return b.extension(Extensions.supportedGroups(groups))
                .extension(Extensions.signatureAlgorithms(SIGNATURE_SCHEMES))
                .extension(Extensions.supportedVersions(List.of(TlsVersion.TLS1_3)))
                .extension(Extensions.pskKeyExchangeModes(Extensions.PSK_DHE_KE))
                .extension(Extensions.keyShare(List.of()))
                .build();
    }
}
