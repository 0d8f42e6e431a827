package io.tlsweep.protocols.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeProtocolException;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.PreludeText;
import java.nio.charset.StandardCharsets;

/**
 * MySQL / MariaDB's in-protocol TLS upgrade (MySQL client/server protocol: "Initial Handshake",
 * "SSLRequest"). Server first:
 *
 * <pre>
 * S: len(3, LE) seq=0 | 0a "8.0.36" 00 | conn id(4) | auth data(8) | 00 | caps low(2) | charset | status(2) | caps high(2) ...
 * C: 20 00 00 01 | caps 01 8a 00 00 | max packet 00 00 00 01 | charset 21 | 23 x 00     (SSLRequest, seq 1)
 * C: ClientHello ...                 the server does not answer the SSLRequest: TLS starts at once
 * </pre>
 *
 * CLIENT_SSL (0x0800) in the low capability bytes says the server can upgrade; without it the probe
 * is {@code starttls_unsupported} (MariaDB with no ssl_cert). An ERR packet instead of a greeting
 * ("Host '...' is not allowed to connect", "Too many connections") is {@code service_unavailable}
 * with its error number and message; protocol 9 (before MySQL 3.22, no TLS) and anything that is not
 * a MySQL packet is {@code protocol_mismatch}. {@code banner} is the server version string, or the
 * ERR message. A 4.0-era server that sets CLIENT_SSL without CLIENT_PROTOCOL_41 wants a shorter
 * SSLRequest; we send the 4.1 one regardless, and its handshake then fails in TLS, not here.
 */
public final class MysqlStartTls implements StartTlsDialect {

    static final int CLIENT_LONG_PASSWORD = 0x0001;
    static final int CLIENT_PROTOCOL_41 = 0x0200;
    static final int CLIENT_SSL = 0x0800;
    static final int CLIENT_SECURE_CONNECTION = 0x8000;

    /**
     * Largest greeting read. Real ones are under 100 bytes (version, scramble, plugin name); a
     * length field claiming more is not a greeting, and need not be waited for.
     */
    static final int MAX_PACKET = 16 * 1024;

    /** utf8_general_ci: known to every server since 4.1, unlike utf8mb4's 45 or MySQL 8's 255. */
    private static final int CHARSET_UTF8 = 33;
    private static final int MAX_PACKET_SIZE_ANNOUNCED = 16 * 1024 * 1024;

    private static final byte[] SSL_REQUEST = sslRequest();

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    static byte[] sslRequest() {
        byte[] p = new byte[4 + 32];
        p[0] = 32; // payload length, little-endian
        p[3] = 1; // sequence id: the greeting was 0
        int caps = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION;
        putIntLe(p, 4, caps);
        putIntLe(p, 8, MAX_PACKET_SIZE_ANNOUNCED);
        p[12] = CHARSET_UTF8;
        return p; // 23 reserved zero bytes follow
    }

    private static void putIntLe(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** One connection: read the greeting, send the SSLRequest if offered, then go. */
    private static final class Session implements PreludeSession {
        private boolean requested;
        private String banner;
        private Boolean advertised;
        private String replyCode;
        private String replyText;

        @Override
        public byte[] firstMessage() {
            return null;
        }

        @Override
        public PreludeStep onData(ByteBuf in) {
            if (requested) {
                // The handler calls again right after writing the SSLRequest: the ClientHello goes
                // next, with no answer to wait for. Anything the server sent meanwhile is injection.
                return PreludeStep.START_TLS;
            }
            if (in.readableBytes() < 4) {
                return PreludeStep.NEED_MORE;
            }
            int at = in.readerIndex();
            int length = in.getUnsignedMediumLE(at);
            int sequence = in.getUnsignedByte(at + 3);
            if (length == 0 || length > MAX_PACKET || sequence != 0) {
                return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                        "not a MySQL greeting: starts with \"" + PreludeText.peek(in) + "\"");
            }
            if (in.readableBytes() < 4 + length) {
                return PreludeStep.NEED_MORE;
            }
            ByteBuf payload = in.slice(at + 4, length);
            in.skipBytes(4 + length);
            int kind = payload.getUnsignedByte(0);
            return switch (kind) {
                case 0x0a -> onHandshake(payload);
                case 0xff -> onError(payload);
                case 0x09 -> {
                    banner = PreludeText.banner(versionBytes(payload));
                    yield PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                            "MySQL protocol 9 (a server older than 3.22): no TLS upgrade");
                }
                default -> PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                        String.format("not a MySQL greeting: protocol version 0x%02x", kind));
            };
        }

        private PreludeStep onHandshake(ByteBuf payload) {
            byte[] version = versionBytes(payload);
            banner = PreludeText.banner(version);
            // after the version's NUL: connection id (4), auth-plugin-data part 1 (8), filler (1)
            int caps = 1 + version.length + 1 + 4 + 8 + 1;
            if (payload.readableBytes() < caps + 2) {
                throw new PreludeProtocolException("MySQL greeting ends before its capability flags");
            }
            int lowCapabilities = payload.getUnsignedShortLE(caps);
            // The high two capability bytes (after charset and status) hold nothing about TLS.
            if ((lowCapabilities & CLIENT_SSL) == 0) {
                advertised = false;
                return PreludeStep.stop(PreludeOutcome.STARTTLS_UNSUPPORTED,
                        "MySQL server does not offer TLS (CLIENT_SSL not set)");
            }
            advertised = true;
            requested = true;
            return PreludeStep.send(SSL_REQUEST.clone());
        }

        /** ERR: 0xff, error number (2, LE), optionally '#' and a 5-character SQLSTATE, then the message. */
        private PreludeStep onError(ByteBuf payload) {
            if (payload.readableBytes() < 3) {
                throw new PreludeProtocolException("MySQL ERR packet without an error number");
            }
            int code = payload.getUnsignedShortLE(1);
            int text = 3;
            if (payload.readableBytes() >= text + 6 && payload.getByte(text) == '#') {
                text += 6;
            }
            byte[] message = ByteBufUtil.getBytes(payload, text, Math.min(payload.readableBytes() - text, 4096));
            banner = PreludeText.banner(message);
            replyCode = Integer.toString(code);
            replyText = PreludeText.cut(new String(message, StandardCharsets.UTF_8));
            return PreludeStep.stop(PreludeOutcome.SERVICE_UNAVAILABLE,
                    PreludeText.cut("MySQL error " + code + " before TLS: " + replyText));
        }

        /** The NUL-terminated server version after the protocol byte. */
        private static byte[] versionBytes(ByteBuf payload) {
            int nul = payload.indexOf(1, payload.writerIndex(), (byte) 0);
            if (nul < 0) {
                throw new PreludeProtocolException("MySQL greeting: server version not terminated");
            }
            return ByteBufUtil.getBytes(payload, 1, nul - 1);
        }

        @Override
        public PreludeInfo facts() {
            return new PreludeInfo("mysql", banner, advertised, replyCode, replyText, false);
        }
    }
}
