package io.tlsweep.core.fingerprint;

import io.tlsweep.core.tls.wire.Extension;
import io.tlsweep.core.tls.wire.ServerHello;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** ServerHellos built by hand for the JA3S/JA4S tests. */
final class HelloFixtures {

    private HelloFixtures() {
    }

    static ServerHello hello(int legacyVersion, int suite, Extension... extensions) {
        return new ServerHello(legacyVersion, new byte[32], new byte[0], suite, 0, List.of(extensions), true);
    }

    static ServerHello withoutExtensionsBlock(int legacyVersion, int suite) {
        return new ServerHello(legacyVersion, new byte[32], new byte[0], suite, 0, List.of(), false);
    }

    static ServerHello withTypes(int legacyVersion, int suite, int... types) {
        List<Extension> list = new ArrayList<>();
        for (int t : types) {
            list.add(empty(t));
        }
        return hello(legacyVersion, suite, list.toArray(Extension[]::new));
    }

    static Extension empty(int type) {
        return new Extension(type, new byte[0]);
    }

    static Extension supportedVersion(int version) {
        return new Extension(43, new byte[] {(byte) (version >> 8), (byte) version});
    }

    static Extension keyShare() {
        byte[] d = new byte[4 + 32];
        d[0] = 0x00;
        d[1] = 0x1d; // x25519
        d[3] = 32;
        return new Extension(51, d);
    }

    /** ALPN as a server sends it: a list holding the one protocol chosen. */
    static Extension alpn(byte[] protocol) {
        byte[] d = new byte[3 + protocol.length];
        d[1] = (byte) (protocol.length + 1);
        d[2] = (byte) protocol.length;
        System.arraycopy(protocol, 0, d, 3, protocol.length);
        return new Extension(16, d);
    }

    static Extension alpn(String protocol) {
        return alpn(protocol.getBytes(StandardCharsets.ISO_8859_1));
    }
}
