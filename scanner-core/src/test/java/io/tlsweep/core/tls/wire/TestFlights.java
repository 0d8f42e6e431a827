package io.tlsweep.core.tls.wire;

import java.math.BigInteger;

/** Synthetic server flights (bytes) for parser tests: ServerHello, Certificate, ServerKeyExchange, Done. */
final class TestFlights {

    private TestFlights() {
    }

    /** A TLS 1.2 flight choosing {@code suite}, with one fake certificate and {@code ske} (or none if null). */
    static byte[] tls12(int suite, byte[] ske) {
        WireWriter hs = new WireWriter();
        // ServerHello
        hs.u8(2);
        int sh = hs.beginLength(3);
        hs.u16(TlsVersion.TLS1_2).bytes(new byte[32]).u8(0).u16(suite).u8(0);
        int ext = hs.beginLength(2);
        hs.u16(ExtensionTypes.RENEGOTIATION_INFO).u16(1).u8(0);
        hs.endLength(ext, 2).endLength(sh, 3);
        // Certificate with one 3-byte "certificate"
        hs.u8(11);
        int cert = hs.beginLength(3);
        int list = hs.beginLength(3);
        hs.u8(0).u8(0).u8(3).bytes(new byte[] {0x30, 1, 0});
        hs.endLength(list, 3).endLength(cert, 3);
        if (ske != null) {
            hs.u8(12);
            int k = hs.beginLength(3);
            hs.bytes(ske);
            hs.endLength(k, 3);
        }
        hs.u8(14).u8(0).u8(0).u8(0);
        byte[] body = hs.toByteArray();
        return new WireWriter().u8(22).u16(TlsVersion.TLS1_2).u16(body.length).bytes(body).toByteArray();
    }

    /** ECParameters named_curve + a 32-byte point + a fake signature. */
    static byte[] ecdheParams(int group) {
        return new WireWriter().u8(3).u16(group).u8(32).bytes(new byte[32]).u16(0x0403).u16(2).u8(0).u8(0)
                .toByteArray();
    }

    static byte[] dheParams(BigInteger p) {
        byte[] raw = p.toByteArray();
        if (raw[0] == 0) {
            raw = java.util.Arrays.copyOfRange(raw, 1, raw.length);
        }
        return dheRaw(raw);
    }

    /** ServerDHParams with p as given, g = 2, Ys = 1 byte, then a fake signature. */
    static byte[] dheRaw(byte[] p) {
        return new WireWriter().u16(p.length).bytes(p).u16(1).u8(2).u16(1).u8(5).u16(0x0401).u16(1).u8(0)
                .toByteArray();
    }
}
