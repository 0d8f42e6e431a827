package io.tlsweep.core.fingerprint;

import io.tlsweep.core.tls.wire.ClientHelloBuilder;
import io.tlsweep.core.tls.wire.ClientHelloSpec;
import io.tlsweep.core.tls.wire.Extension;
import io.tlsweep.core.tls.wire.Extensions;
import io.tlsweep.core.tls.wire.KeyShareEntry;
import io.tlsweep.core.tls.wire.NamedGroups;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds JARM's ClientHellos byte for byte as the reference implementation (salesforce/jarm) does,
 * with our wire codec. The reference's quirks are part of the fingerprint and are kept:
 * <ul>
 *   <li>SNI carries the host exactly as given to the scan, an IP literal included;</li>
 *   <li>max_fragment_length (2^9) and a key_share are sent in every probe, even the TLS 1.1 one;</li>
 *   <li>the full ALPN list has a missing separator in the reference, so "spdy/3" and "h2" move as
 *       one item when the list is reversed ({@link #FULL_ALPN});</li>
 *   <li>the "TLS 1.3" hellos say TLS 1.0 in the record and TLS 1.2 in the hello, like browsers.</li>
 * </ul>
 * Random values are drawn in the reference's order: client random, session id, suite GREASE,
 * extension GREASE, key_share GREASE, key share, supported_versions GREASE.
 */
public final class JarmHello {

    /** The reference's "ALL" suite list, in its order (TLS 1.3 suites included). */
    static final List<Integer> ALL_SUITES = List.of(
            0x0016, 0x0033, 0x0067, 0xc09e, 0xc0a2, 0x009e, 0x0039, 0x006b, 0xc09f, 0xc0a3, 0x009f, 0x0045,
            0x00be, 0x0088, 0x00c4, 0x009a, 0xc008, 0xc009, 0xc023, 0xc0ac, 0xc0ae, 0xc02b, 0xc00a, 0xc024,
            0xc0ad, 0xc0af, 0xc02c, 0xc072, 0xc073, 0xcca9, 0x1302, 0x1301, 0xcc14, 0xc007, 0xc012, 0xc013,
            0xc027, 0xc02f, 0xc014, 0xc028, 0xc030, 0xc060, 0xc061, 0xc076, 0xc077, 0xcca8, 0x1305, 0x1304,
            0x1303, 0xcc13, 0xc011, 0x000a, 0x002f, 0x003c, 0xc09c, 0xc0a0, 0x009c, 0x0035, 0x003d, 0xc09d,
            0xc0a1, 0x009d, 0x0041, 0x00ba, 0x0084, 0x00c0, 0x0007, 0x0004, 0x0005);

    /** The reference's "NO1.3" list: "ALL" without the five TLS 1.3 suites, same order. */
    static final List<Integer> NO_TLS13_SUITES = ALL_SUITES.stream().filter(s -> (s & 0xff00) != 0x1300).toList();

    /**
     * The reference's full ALPN list, weakest first. Its source lacks a comma after spdy/3, so
     * spdy/3 and h2 are one list item: 8 items, not 9.
     */
    static final List<List<String>> FULL_ALPN = List.of(List.of("http/0.9"), List.of("http/1.0"),
            List.of("http/1.1"), List.of("spdy/1"), List.of("spdy/2"), List.of("spdy/3", "h2"), List.of("h2c"),
            List.of("hq"));

    /** The "rare" list: without http/1.1 and h2. */
    static final List<List<String>> RARE_ALPN = List.of(List.of("http/0.9"), List.of("http/1.0"),
            List.of("spdy/1"), List.of("spdy/2"), List.of("spdy/3"), List.of("h2c"), List.of("hq"));

    private static final List<Integer> GROUPS = List.of(NamedGroups.X25519, NamedGroups.SECP256R1,
            NamedGroups.SECP384R1, NamedGroups.SECP521R1);
    private static final List<Integer> SIGNATURE_SCHEMES = List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805,
            0x0501, 0x0806, 0x0601, 0x0201);

    private JarmHello() {
    }

    /** The hello of {@code probe} for {@code host} (sent as SNI as given). */
    public static ClientHelloSpec build(JarmProbeSpec probe, String host, JarmEntropy entropy) {
        boolean tls13 = probe.version() == TlsVersion.TLS1_3;
        ClientHelloBuilder b = ClientHelloSpec.builder()
                .recordVersion(tls13 ? TlsVersion.TLS1_0 : probe.version())
                .helloVersion(tls13 ? TlsVersion.TLS1_2 : probe.version())
                .random(entropy.bytes(32))
                .sessionId(entropy.bytes(32));

        List<Integer> suites = new ArrayList<>(probe.suiteOrder().apply(
                probe.withTls13Suites() ? ALL_SUITES : NO_TLS13_SUITES));
        if (probe.grease()) {
            suites.add(0, entropy.grease());
        }
        b.cipherSuites(suites);

        if (probe.grease()) {
            b.extension(Extensions.grease(entropy.grease()));
        }
        b.extension(Extensions.serverName(host))
                .extension(Extensions.extendedMasterSecret())
                .extension(Extensions.maxFragmentLength(1))
                .extension(Extensions.renegotiationInfo())
                .extension(Extensions.supportedGroups(GROUPS))
                .extension(Extensions.ecPointFormats(0))
                .extension(Extensions.sessionTicket())
                .extension(alpn(probe))
                .extension(Extensions.signatureAlgorithms(SIGNATURE_SCHEMES))
                .extension(keyShare(probe.grease(), entropy))
                .extension(Extensions.pskKeyExchangeModes(Extensions.PSK_DHE_KE));
        if (probe.supportedVersions() != JarmProbeSpec.SupportedVersions.NONE) {
            b.extension(supportedVersions(probe, entropy));
        }
        return b.build();
    }

    private static Extension alpn(JarmProbeSpec probe) {
        List<String> protocols = new ArrayList<>();
        for (List<String> item : probe.listOrder().apply(probe.rareAlpn() ? RARE_ALPN : FULL_ALPN)) {
            protocols.addAll(item);
        }
        return Extensions.alpn(protocols);
    }

    private static Extension keyShare(boolean grease, JarmEntropy entropy) {
        List<KeyShareEntry> shares = new ArrayList<>();
        if (grease) {
            shares.add(new KeyShareEntry(entropy.grease(), new byte[1]));
        }
        // A random 32-byte placeholder, not a real X25519 key: the handshake never gets that far.
        shares.add(new KeyShareEntry(NamedGroups.X25519, entropy.bytes(32)));
        return Extensions.keyShare(shares);
    }

    private static Extension supportedVersions(JarmProbeSpec probe, JarmEntropy entropy) {
        List<Integer> versions = new ArrayList<>(List.of(TlsVersion.TLS1_0, TlsVersion.TLS1_1, TlsVersion.TLS1_2));
        if (probe.supportedVersions() == JarmProbeSpec.SupportedVersions.UP_TO_1_3) {
            versions.add(TlsVersion.TLS1_3);
        }
        versions = new ArrayList<>(probe.listOrder().apply(versions));
        if (probe.grease()) {
            versions.add(0, entropy.grease());
        }
        return Extensions.supportedVersions(versions);
    }
}
