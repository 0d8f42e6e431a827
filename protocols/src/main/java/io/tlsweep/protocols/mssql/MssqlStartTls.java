package io.tlsweep.protocols.mssql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeProtocolException;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.PreludeText;

/**
 * Microsoft SQL Server, TDS 7.x ([MS-TDS] 2.2.6.5 PRELOGIN, 3.2.5.1, 3.3.5.1). Client first:
 *
 * <pre>
 * C: 12 01 002f 0000 01 00       PRELOGIN packet, EOM, 47 bytes, SPID 0, packet 1
 *    00 001a 0006  01 0020 0001  02 0021 0001  03 0022 0004  04 0026 0001  ff
 *    000000000000                VERSION (the client claims none)
 *    00                          ENCRYPTION = ENCRYPT_OFF
 *    00                          INSTOPT: the default instance
 *    00000000 00                 THREADID, MARS off
 * S: 04 01 len ...               the server's PRELOGIN, in a tabular-result packet
 *    VERSION  10 00 03e8 0000    -> banner "SQL Server 16.0.1000"
 *    ENCRYPTION                  OFF / ON / REQ -> TLS;  NOT_SUP -> starttls_unsupported
 * </pre>
 *
 * Then the TLS handshake runs inside PRELOGIN packets ({@link TdsTlsFramingHandler}, handed to the
 * probe by {@link PreludeSession#tlsFraming()}).
 *
 * <p>We send ENCRYPT_OFF, not ON, because the answer then says more: to ON every server that can
 * encrypt answers ON, while to OFF it answers OFF (it would encrypt the login only) or REQ (it
 * forces encryption), and in both cases the TLS handshake follows all the same (the table in
 * 2.2.6.5). Only NOT_SUP means no TLS at all. VERSION is the first option, as servers require of a
 * client. An answer that is not a TDS reply packet (an SSH banner, a TLS alert from a TDS 8
 * "strict" server, garbage) is protocol_mismatch.
 */
public final class MssqlStartTls implements StartTlsDialect {

    private static final byte[] PRELOGIN = {
        0x12, 0x01, 0x00, 0x2f, 0x00, 0x00, 0x01, 0x00,
        0x00, 0x00, 0x1a, 0x00, 0x06, // VERSION    at 26, 6 bytes
        0x01, 0x00, 0x20, 0x00, 0x01, // ENCRYPTION at 32, 1 byte
        0x02, 0x00, 0x21, 0x00, 0x01, // INSTOPT    at 33, 1 byte
        0x03, 0x00, 0x22, 0x00, 0x04, // THREADID   at 34, 4 bytes
        0x04, 0x00, 0x26, 0x00, 0x01, // MARS       at 38, 1 byte
        (byte) 0xff,
        0, 0, 0, 0, 0, 0,
        0x00,
        0x00,
        0, 0, 0, 0,
        0x00,
    };

    static final int HEADER = TdsTlsFramingHandler.HEADER;
    /** A PRELOGIN answer is a few dozen bytes; this bounds what a hostile peer can make us collect. */
    static final int MAX_RESPONSE = 8 * 1024;

    static final int VERSION = 0x00;
    static final int ENCRYPTION = 0x01;
    static final int TERMINATOR = 0xff;
    /** Or'ed into ENCRYPTION by a server that wants a client certificate (TDS 7.4+). */
    static final int ENCRYPT_CLIENT_CERT = 0x80;

    @Override
    public String name() {
        return "mssql";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    /** One connection: one PRELOGIN each way, then TLS inside TDS. */
    private static final class Session implements PreludeSession {
        private String banner;
        private Boolean advertised;
        private String replyCode;
        private String replyText;

        @Override
        public byte[] firstMessage() {
            return PRELOGIN.clone();
        }

        @Override
        public PreludeStep onData(ByteBuf in) {
            if (!in.isReadable()) {
                return PreludeStep.NEED_MORE;
            }
            // Walk the packets of the reply message without consuming until its last (EOM) is in.
            int at = in.readerIndex();
            int payload = 0;
            while (true) {
                if (in.writerIndex() - at < 1) {
                    return PreludeStep.NEED_MORE;
                }
                if (in.getByte(at) != TdsTlsFramingHandler.TYPE_REPLY) {
                    return at == in.readerIndex() ? mismatch(in)
                            : PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                                    "TDS PRELOGIN reply continued by a packet of type " + (in.getByte(at) & 0xff));
                }
                if (in.writerIndex() - at < HEADER) {
                    return PreludeStep.NEED_MORE;
                }
                int length = in.getUnsignedShort(at + 2);
                if (length < HEADER) {
                    throw new PreludeProtocolException("TDS packet length " + length);
                }
                payload += length - HEADER;
                if (payload > MAX_RESPONSE) {
                    throw new PreludeProtocolException("TDS PRELOGIN reply longer than " + MAX_RESPONSE + " bytes");
                }
                if (in.writerIndex() - at < length) {
                    return PreludeStep.NEED_MORE;
                }
                boolean last = (in.getByte(at + 1) & TdsTlsFramingHandler.STATUS_EOM) != 0;
                at += length;
                if (last) {
                    break;
                }
            }
            byte[] message = new byte[payload];
            int filled = 0;
            while (in.readerIndex() < at) {
                int length = in.getUnsignedShort(in.readerIndex() + 2);
                in.skipBytes(HEADER);
                in.readBytes(message, filled, length - HEADER);
                filled += length - HEADER;
            }
            return onPrelogin(message);
        }

        /** The PRELOGIN structure: option tokens (token, offset, length), 0xFF, then their data. */
        private PreludeStep onPrelogin(byte[] m) {
            int version = -1;
            int versionLength = 0;
            int encryption = -1;
            int pos = 0;
            while (true) {
                if (pos >= m.length) {
                    throw new PreludeProtocolException("TDS PRELOGIN reply without its option terminator");
                }
                int token = m[pos] & 0xff;
                if (token == TERMINATOR) {
                    break;
                }
                if (pos + 5 > m.length) {
                    throw new PreludeProtocolException("TDS PRELOGIN option table cut short");
                }
                int offset = u16(m, pos + 1);
                int length = u16(m, pos + 3);
                if (offset + length > m.length) {
                    throw new PreludeProtocolException("TDS PRELOGIN option " + token + " points past the reply");
                }
                if (token == VERSION && version < 0) {
                    version = offset;
                    versionLength = length;
                } else if (token == ENCRYPTION && encryption < 0) {
                    if (length != 1) {
                        throw new PreludeProtocolException("TDS PRELOGIN ENCRYPTION of " + length + " bytes");
                    }
                    encryption = m[offset] & 0xff;
                }
                pos += 5;
            }
            if (version >= 0 && versionLength >= 4) {
                banner = "SQL Server " + (m[version] & 0xff) + "." + (m[version + 1] & 0xff) + "." + u16(m, version + 2);
            }
            if (encryption < 0) {
                throw new PreludeProtocolException("TDS PRELOGIN reply without ENCRYPTION");
            }
            return onEncryption(encryption);
        }

        private PreludeStep onEncryption(int value) {
            String certificate = (value & ENCRYPT_CLIENT_CERT) != 0 ? "; the server asks for a client certificate" : "";
            switch (value & ~ENCRYPT_CLIENT_CERT) {
                case 0x00 -> {
                    return upgrade("ENCRYPT_OFF", "encryption off: the server would encrypt the login only" + certificate);
                }
                case 0x01 -> {
                    return upgrade("ENCRYPT_ON", "encryption on" + certificate);
                }
                case 0x03 -> {
                    return upgrade("ENCRYPT_REQ", "the server requires encryption" + certificate);
                }
                case 0x02 -> {
                    advertised = false;
                    replyCode = "ENCRYPT_NOT_SUP";
                    replyText = "the server does not support encryption";
                    return PreludeStep.stop(PreludeOutcome.STARTTLS_UNSUPPORTED,
                            "SQL Server answered ENCRYPT_NOT_SUP: it has no TLS");
                }
                default -> throw new PreludeProtocolException(
                        "TDS PRELOGIN ENCRYPTION value 0x" + Integer.toHexString(value));
            }
        }

        private PreludeStep upgrade(String code, String text) {
            advertised = true;
            replyCode = code;
            replyText = PreludeText.cut(text);
            return PreludeStep.START_TLS;
        }

        private static int u16(byte[] m, int at) {
            return (m[at] & 0xff) << 8 | (m[at + 1] & 0xff);
        }

        private static PreludeStep mismatch(ByteBuf in) {
            return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                    "not a TDS PRELOGIN reply: starts with \"" + PreludeText.peek(in) + "\"");
        }

        @Override
        public ChannelHandler tlsFraming() {
            return new TdsTlsFramingHandler();
        }

        @Override
        public PreludeInfo facts() {
            return new PreludeInfo("mssql", banner, advertised, replyCode, replyText, false);
        }
    }
}
