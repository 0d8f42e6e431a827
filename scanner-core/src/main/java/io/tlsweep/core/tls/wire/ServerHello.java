package io.tlsweep.core.tls.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A parsed ServerHello (or HelloRetryRequest, which RFC 8446 sends as a ServerHello with a special
 * random). Extensions are kept in the order the server sent them: their order is part of a
 * server's fingerprint.
 *
 * @param legacyVersion the version field of the message (0x0303 for TLS 1.3)
 */
public record ServerHello(int legacyVersion, byte[] random, byte[] sessionId, int cipherSuite,
                          int compressionMethod, List<Extension> extensions, boolean hasExtensionsBlock) {

    /** SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 8446 section 4.1.3). */
    private static final byte[] HRR_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    public ServerHello {
        random = random.clone();
        sessionId = sessionId.clone();
        extensions = List.copyOf(extensions);
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    public boolean isHelloRetryRequest() {
        return Arrays.equals(random, HRR_RANDOM);
    }

    /** The first extension of {@code type}, or null. */
    public Extension extension(int type) {
        for (Extension e : extensions) {
            if (e.type() == type) {
                return e;
            }
        }
        return null;
    }

    /** supported_versions' selected version when present (TLS 1.3), else the legacy version field. */
    public int negotiatedVersion() {
        Extension sv = extension(ExtensionTypes.SUPPORTED_VERSIONS);
        if (sv != null && sv.length() == 2) {
            byte[] d = sv.data();
            return (d[0] & 0xff) << 8 | (d[1] & 0xff);
        }
        return legacyVersion;
    }

    /** The key_share group the server selected (its share's group, or the HRR's requested group), or -1. */
    public int keyShareGroup() {
        Extension ks = extension(ExtensionTypes.KEY_SHARE);
        if (ks == null || ks.length() < 2) {
            return -1;
        }
        byte[] d = ks.data();
        return (d[0] & 0xff) << 8 | (d[1] & 0xff);
    }

    /** The ALPN protocol the server selected, or null. */
    public String alpn() {
        Extension e = extension(ExtensionTypes.ALPN);
        if (e == null || e.length() < 4) {
            return null;
        }
        byte[] d = e.data();
        int n = d[2] & 0xff;
        return n + 3 <= d.length ? new String(d, 3, n, java.nio.charset.StandardCharsets.ISO_8859_1) : null;
    }

    public String cipherSuiteName() {
        return CipherSuites.name(cipherSuite);
    }
}
