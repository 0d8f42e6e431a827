package io.tlsweep.core.tls.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a server's answer to a raw ClientHello from the TCP byte stream, fed in whatever chunks the
 * socket delivers: record layer first, then handshake messages that may span records. It stops
 * ({@link #feed} returns true) at the first of: an alert; a HelloRetryRequest; a TLS 1.3 ServerHello
 * (what follows is encrypted); ServerHelloDone (the end of a TLS 1.2-or-older flight). A TLS 1.2-or-
 * older Certificate message is read in the clear on the way, so enumeration needs no full handshake,
 * and so is ServerKeyExchange: the named group of an (EC)DHE suite and the size of a DHE prime.
 *
 * <p>Caps, so a hostile peer costs bounded memory: a record's declared length at most
 * {@link #MAX_RECORD_PAYLOAD} (2^14 + 2048, RFC 5246's ciphertext bound); one handshake message at most
 * {@link #MAX_HANDSHAKE_MESSAGE} bytes (64 KiB, also the Certificate message: real chains are a few
 * KiB); at most {@link #MAX_CERTIFICATES} certificates kept. The parser holds at most one record
 * plus one handshake message. Anything malformed or over a cap is a {@link WireFormatException},
 * the only exception it throws.
 *
 * <pre>{@code
 * ServerHelloParser parser = new ServerHelloParser();
 * while (!parser.feed(chunk, 0, n)) { n = read(chunk); }   // or stop at EOF / timeout
 * ServerFlight flight = parser.result();                    // partial results survive a stop
 * }</pre>
 */
public final class ServerHelloParser {

    public static final int MAX_RECORD_PAYLOAD = (1 << 14) + 2048;
    public static final int MAX_HANDSHAKE_MESSAGE = 64 * 1024;
    public static final int MAX_CERTIFICATES = 16;

    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;

    private static final int HELLO_REQUEST = 0;
    private static final int SERVER_HELLO = 2;
    private static final int CERTIFICATE = 11;
    private static final int SERVER_KEY_EXCHANGE = 12;
    private static final int SERVER_HELLO_DONE = 14;

    private final byte[] header = new byte[5];
    private int headerFill;
    private byte[] payload;
    private int payloadFill;

    /** Handshake bytes not yet making a whole message. */
    private byte[] handshake = new byte[1024];
    private int handshakeFill;

    private ServerHello serverHello;
    private AlertMessage alert;
    private final List<byte[]> certificates = new ArrayList<>();
    private boolean certificatesCapped;
    private boolean serverHelloDone;
    private boolean encryptedFollows;
    private Integer keyExchangeGroup;
    private Integer dhPrimeBits;
    private boolean done;
    private long consumed;

    /**
     * Consumes {@code len} bytes of the stream. Returns true once the flight is complete as far as
     * the clear text goes; bytes fed after that are ignored.
     */
    public boolean feed(byte[] b, int off, int len) throws WireFormatException {
        int i = off;
        int end = off + len;
        while (i < end && !done) {
            if (headerFill < 5) {
                int n = Math.min(5 - headerFill, end - i);
                System.arraycopy(b, i, header, headerFill, n);
                headerFill += n;
                i += n;
                if (headerFill == 5) {
                    startRecord();
                }
                continue;
            }
            int n = Math.min(payload.length - payloadFill, end - i);
            System.arraycopy(b, i, payload, payloadFill, n);
            payloadFill += n;
            i += n;
            if (payloadFill == payload.length) {
                endRecord();
            }
        }
        if (headerFill == 5 && payload.length == 0 && !done) {
            endRecord();
        }
        consumed += i - off;
        return done;
    }

    public boolean isDone() {
        return done;
    }

    /** Bytes consumed so far (those after the flight's end are not). */
    public long consumed() {
        return consumed;
    }

    /** The ServerHello (or HelloRetryRequest) parsed so far, or null; unlike {@link #result()}, no copy. */
    public ServerHello serverHello() {
        return serverHello;
    }

    /** What has been read so far; valid at any point, complete once {@link #feed} returned true. */
    public ServerFlight result() {
        return new ServerFlight(serverHello, alert, certificates, certificatesCapped, serverHelloDone,
                encryptedFollows, keyExchangeGroup, dhPrimeBits);
    }

    private void startRecord() throws WireFormatException {
        int type = header[0] & 0xff;
        if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA) {
            throw new WireFormatException(String.format("not a TLS record: content type 0x%02x", type));
        }
        if ((header[1] & 0xff) != 3) {
            throw new WireFormatException(String.format("not a TLS record: version 0x%02x%02x",
                    header[1] & 0xff, header[2] & 0xff));
        }
        int length = (header[3] & 0xff) << 8 | (header[4] & 0xff);
        if (length > MAX_RECORD_PAYLOAD) {
            throw new WireFormatException("record of " + length + " bytes exceeds " + MAX_RECORD_PAYLOAD);
        }
        payload = new byte[length];
        payloadFill = 0;
    }

    private void endRecord() throws WireFormatException {
        int type = header[0] & 0xff;
        byte[] body = payload;
        headerFill = 0;
        payload = null;
        if (type != HANDSHAKE && handshakeFill > 0) {
            throw new WireFormatException("record of type " + type + " inside a fragmented handshake message");
        }
        switch (type) {
            case ALERT -> {
                if (body.length < 2) {
                    throw new WireFormatException("alert record of " + body.length + " bytes");
                }
                alert = new AlertMessage(body[0] & 0xff, body[1] & 0xff);
                done = true;
            }
            case HANDSHAKE -> {
                if (body.length == 0) {
                    throw new WireFormatException("empty handshake record");
                }
                appendHandshake(body);
                readMessages();
            }
            case APPLICATION_DATA -> {
                if (serverHello == null) {
                    throw new WireFormatException("application data before ServerHello");
                }
                encryptedFollows = true;
                done = true;
            }
            default -> {
                // change_cipher_spec: carries nothing a client hello's answer needs.
            }
        }
    }

    private void appendHandshake(byte[] body) {
        if (handshakeFill + body.length > handshake.length) {
            handshake = Arrays.copyOf(handshake, Math.max(handshake.length * 2, handshakeFill + body.length));
        }
        System.arraycopy(body, 0, handshake, handshakeFill, body.length);
        handshakeFill += body.length;
    }

    private void readMessages() throws WireFormatException {
        int pos = 0;
        while (!done && handshakeFill - pos >= 4) {
            int type = handshake[pos] & 0xff;
            int length = (handshake[pos + 1] & 0xff) << 16 | (handshake[pos + 2] & 0xff) << 8
                    | (handshake[pos + 3] & 0xff);
            if (length > MAX_HANDSHAKE_MESSAGE) {
                throw new WireFormatException("handshake message of " + length + " bytes exceeds "
                        + MAX_HANDSHAKE_MESSAGE);
            }
            if (handshakeFill - pos - 4 < length) {
                break;
            }
            onMessage(type, new WireReader(handshake, pos + 4, pos + 4 + length, "handshake message " + type));
            pos += 4 + length;
        }
        if (done) {
            handshakeFill = 0;
            return;
        }
        System.arraycopy(handshake, pos, handshake, 0, handshakeFill - pos);
        handshakeFill -= pos;
        if (handshake.length > 4096 && handshakeFill < 1024) {
            handshake = Arrays.copyOf(handshake, 1024); // do not keep a large buffer after a large message
        }
    }

    private void onMessage(int type, WireReader body) throws WireFormatException {
        if (serverHello == null) {
            if (type == HELLO_REQUEST) {
                return;
            }
            if (type != SERVER_HELLO) {
                throw new WireFormatException("expected ServerHello, got handshake message type " + type);
            }
            serverHello = parseServerHello(body);
            if (serverHello.isHelloRetryRequest() || serverHello.negotiatedVersion() >= TlsVersion.TLS1_3) {
                done = true;
            }
            return;
        }
        switch (type) {
            case CERTIFICATE -> parseCertificates(body);
            case SERVER_KEY_EXCHANGE -> parseServerKeyExchange(body);
            case SERVER_HELLO_DONE -> {
                serverHelloDone = true;
                done = true;
            }
            case SERVER_HELLO -> throw new WireFormatException("second ServerHello");
            default -> {
                // CertificateRequest, CertificateStatus …: not needed here.
            }
        }
    }

    static ServerHello parseServerHello(WireReader r) throws WireFormatException {
        int version = r.u16();
        byte[] random = r.bytes(32);
        int sessionIdLength = r.u8();
        if (sessionIdLength > 32) {
            throw new WireFormatException("ServerHello session id of " + sessionIdLength + " bytes");
        }
        byte[] sessionId = r.bytes(sessionIdLength);
        int suite = r.u16();
        int compression = r.u8();
        List<Extension> extensions = new ArrayList<>();
        boolean hasBlock = r.remaining() > 0;
        if (hasBlock) {
            WireReader ext = r.sub(r.u16(), "ServerHello extensions");
            while (ext.remaining() > 0) {
                int type = ext.u16();
                extensions.add(new Extension(type, ext.bytes(ext.u16())));
            }
            if (r.remaining() != 0) {
                throw new WireFormatException(r.remaining() + " bytes after the ServerHello extensions");
            }
        }
        return new ServerHello(version, random, sessionId, suite, compression, extensions, hasBlock);
    }

    /**
     * Keeps the group or prime size of an (EC)DHE ServerKeyExchange. Its layout depends on the
     * suite (RFC 8422 5.4, RFC 5246 7.4.3); suites whose parameters follow a PSK hint or SRP values
     * are skipped. A malformed message is ignored rather than an error: the ServerHello already
     * answered what the hello asked, and the parameters are an extra.
     */
    private void parseServerKeyExchange(WireReader body) {
        SuiteTraits traits = SuiteTraits.of(serverHello.cipherSuite());
        if (traits == null || serverHello.negotiatedVersion() >= TlsVersion.TLS1_3) {
            return;
        }
        try {
            switch (traits.keyExchange()) {
                case ECDHE -> {
                    if (body.u8() == 3) { // named_curve; explicit curves (1, 2) carry no group
                        keyExchangeGroup = body.u16();
                    }
                }
                case DHE -> {
                    byte[] p = body.bytes(body.u16());
                    dhPrimeBits = new java.math.BigInteger(1, p).bitLength();
                }
                default -> {
                    // RSA export's temporary key, PSK hints, SRP parameters: nothing enumeration reports.
                }
            }
        } catch (WireFormatException e) {
            keyExchangeGroup = null;
            dhPrimeBits = null;
        }
    }

    private void parseCertificates(WireReader body) throws WireFormatException {
        WireReader list = body.sub(body.u24(), "certificate list");
        while (list.remaining() > 0) {
            byte[] der = list.bytes(list.u24());
            if (certificates.size() < MAX_CERTIFICATES) {
                certificates.add(der);
            } else {
                certificatesCapped = true;
            }
        }
    }
}
