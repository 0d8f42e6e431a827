package io.tlsweep.core.tls.wire;

/** Protocol version code points as they appear on the wire (record layer, hellos, supported_versions). */
public final class TlsVersion {

    public static final int SSL3 = 0x0300;
    public static final int TLS1_0 = 0x0301;
    public static final int TLS1_1 = 0x0302;
    public static final int TLS1_2 = 0x0303;
    public static final int TLS1_3 = 0x0304;

    private TlsVersion() {
    }

    /** "SSLv3", "TLSv1" … "TLSv1.3" (the JSSE spelling the records already use), else "0xNNNN". */
    public static String name(int version) {
        return switch (version) {
            case SSL3 -> "SSLv3";
            case TLS1_0 -> "TLSv1";
            case TLS1_1 -> "TLSv1.1";
            case TLS1_2 -> "TLSv1.2";
            case TLS1_3 -> "TLSv1.3";
            default -> String.format("0x%04x", version);
        };
    }
}
