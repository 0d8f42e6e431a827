package io.tlsweep.core.tls.wire;

import java.util.List;

/**
 * Everything a raw ClientHello says, field by field, so that a probe controls every byte (versions a
 * TLS library refuses, suite lists it reorders, GREASE, placeholder key shares). Immutable; made by
 * {@link ClientHelloBuilder}; {@link #toRecord()} gives the bytes to write on a fresh TCP connection.
 *
 * @param recordVersion   the record layer's version (0x0301 for most clients, 0x0300 for SSLv3)
 * @param helloVersion    ClientHello.legacy_version (0x0303 for a TLS 1.3 hello)
 * @param extensions      in wire order; an empty list with {@code omitExtensionsBlock} sends no
 *                        extensions length at all (an SSLv3-style hello)
 */
public record ClientHelloSpec(int recordVersion, int helloVersion, byte[] random, byte[] sessionId,
                              List<Integer> cipherSuites, byte[] compressionMethods, List<Extension> extensions,
                              boolean omitExtensionsBlock) {

    /** Handshake message type client_hello. */
    static final int CLIENT_HELLO = 1;
    /** The largest plaintext record (RFC 8446 section 5.1); a longer hello would need two records. */
    static final int MAX_PLAINTEXT = 1 << 14;

    public ClientHelloSpec {
        if (random.length != 32) {
            throw new IllegalArgumentException("random must be 32 bytes, not " + random.length);
        }
        if (sessionId.length > 32) {
            throw new IllegalArgumentException("session id longer than 32 bytes: " + sessionId.length);
        }
        if (compressionMethods.length == 0 || compressionMethods.length > 255) {
            throw new IllegalArgumentException("1 to 255 compression methods, not " + compressionMethods.length);
        }
        if (omitExtensionsBlock && !extensions.isEmpty()) {
            throw new IllegalArgumentException("extensions given but the extensions block is omitted");
        }
        random = random.clone();
        sessionId = sessionId.clone();
        compressionMethods = compressionMethods.clone();
        cipherSuites = List.copyOf(cipherSuites);
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

    @Override
    public byte[] compressionMethods() {
        return compressionMethods.clone();
    }

    public static ClientHelloBuilder builder() {
        return new ClientHelloBuilder();
    }

    /** The handshake message: type, 3-byte length, body. */
    public byte[] toHandshakeMessage() {
        WireWriter w = new WireWriter();
        w.u8(CLIENT_HELLO);
        int body = w.beginLength(3);
        w.u16(helloVersion).bytes(random);
        w.u8(sessionId.length).bytes(sessionId);
        int suites = w.beginLength(2);
        for (int suite : cipherSuites) {
            w.u16(suite);
        }
        w.endLength(suites, 2);
        w.u8(compressionMethods.length).bytes(compressionMethods);
        if (!omitExtensionsBlock) {
            int ext = w.beginLength(2);
            for (Extension e : extensions) {
                e.writeTo(w);
            }
            w.endLength(ext, 2);
        }
        return w.endLength(body, 3).toByteArray();
    }

    /** One handshake record (content type 22) carrying the hello. */
    public byte[] toRecord() {
        byte[] message = toHandshakeMessage();
        if (message.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("hello of " + message.length + " bytes exceeds one record");
        }
        return new WireWriter().u8(22).u16(recordVersion).u16(message.length).bytes(message).toByteArray();
    }
}
