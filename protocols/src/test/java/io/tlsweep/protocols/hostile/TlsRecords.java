package io.tlsweep.protocols.hostile;

import java.util.Arrays;

/**
 * Hand-made TLS 1.2 plaintext records for servers that must look like TLS without being it: a
 * ServerHello any client accepts as far as the next message, a fatal alert, the header of a 10 MB
 * Certificate message, a record longer than TLS allows. Nothing here is encrypted: in TLS 1.2
 * everything up to ChangeCipherSpec travels in the clear.
 */
final class TlsRecords {

    /** Largest plaintext fragment of a record (RFC 5246 6.2.1). */
    static final int MAX_FRAGMENT = 16 * 1024;

    /** The announced size of the huge Certificate message: 10 MiB. */
    static final int HUGE_CERTIFICATE_BYTES = 10 * 1024 * 1024;

    private TlsRecords() {
    }

    /**
     * ServerHello: TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256 (0xc02f, offered by both client providers), no
     * session id, an empty renegotiation_info. The random avoids the TLS 1.3 downgrade sentinel.
     */
    static byte[] serverHello() {
        byte[] body = new byte[45];
        body[0] = 3;
        body[1] = 3;
        Arrays.fill(body, 2, 34, (byte) 0x5a);
        body[34] = 0; // session id length
        body[35] = (byte) 0xc0;
        body[36] = 0x2f;
        body[37] = 0; // compression: null
        byte[] extensions = {0, 5, (byte) 0xff, 0x01, 0, 1, 0};
        System.arraycopy(extensions, 0, body, 38, extensions.length);
        return record(22, handshake(2, body.length, body));
    }

    /** A fatal handshake_failure alert (40), as servers send when nothing in the ClientHello suits them. */
    static byte[] fatalHandshakeFailure() {
        return record(21, new byte[] {2, 40});
    }

    /**
     * The first record of a Certificate message announcing {@link #HUGE_CERTIFICATE_BYTES}: handshake
     * header, list length, first certificate's length, then filler up to a full fragment.
     */
    static byte[] hugeCertificateStart() {
        byte[] fragment = new byte[MAX_FRAGMENT];
        int len = HUGE_CERTIFICATE_BYTES;
        fragment[0] = 11;
        putMedium(fragment, 1, len);
        putMedium(fragment, 4, len - 3);
        putMedium(fragment, 7, len - 6);
        return record(22, fragment);
    }

    private static final byte[] FILLER_RECORD = record(22, new byte[MAX_FRAGMENT]);

    /** One more full record of the huge Certificate message (filler: the client never gets to parse it). Do not modify. */
    static byte[] hugeCertificateFiller() {
        return FILLER_RECORD;
    }

    /**
     * How many filler records follow {@link #hugeCertificateStart()}: rounded down, so the message
     * (4-byte header + {@link #HUGE_CERTIFICATE_BYTES}) never quite ends and nothing follows it.
     */
    static int hugeCertificateFillerRecords() {
        return (HUGE_CERTIFICATE_BYTES + 4 - MAX_FRAGMENT) / MAX_FRAGMENT;
    }

    /** A handshake record announcing 65,535 bytes (RFC 5246 allows 2^14 + 2048), with its full body. */
    static byte[] oversizedRecord() {
        byte[] r = new byte[5 + 0xffff];
        r[0] = 22;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) 0xff;
        r[4] = (byte) 0xff;
        r[5] = 2; // a ServerHello, by its type byte
        return r;
    }

    /**
     * What a dripping TLS server sends, one byte at a time: a ServerHello record header announcing a
     * full fragment, then zeros. The record never completes within any timeout of interest.
     */
    static byte dripByte(long n) {
        byte[] start = {22, 3, 3, 0x40, 0, 2, 0, 0x3f, (byte) 0xfc, 3, 3};
        return n < start.length ? start[(int) n] : 0;
    }

    private static byte[] record(int type, byte[] fragment) {
        byte[] r = new byte[5 + fragment.length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (fragment.length >> 8);
        r[4] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 5, fragment.length);
        return r;
    }

    private static byte[] handshake(int type, int length, byte[] body) {
        byte[] h = new byte[4 + body.length];
        h[0] = (byte) type;
        putMedium(h, 1, length);
        System.arraycopy(body, 0, h, 4, body.length);
        return h;
    }

    private static void putMedium(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 16);
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) v;
    }
}
