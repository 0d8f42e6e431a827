package io.tlsweep.protocols.postgres;

import io.netty.buffer.ByteBuf;
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
 * PostgreSQL's SSLRequest (protocol 3.0, "SSL Session Encryption" in the frontend/backend protocol
 * chapter of the PostgreSQL manual). Client first; the server answers with ONE byte:
 *
 * <pre>
 * C: 00 00 00 08 04 d2 16 2f     length 8, request code 80877103
 * S: 'S'                          go ahead: the ClientHello follows       -> TLS
 * S: 'N'                          ssl = off                                -> starttls_unsupported
 * S: 'E' ErrorResponse            e.g. the postmaster could not fork       -> service_unavailable
 * </pre>
 *
 * Exactly the one byte is consumed: anything behind it in the same read was written before our
 * ClientHello, unprotected (CVE-2021-23214, which libpq and the server fixed in 14.1), and the
 * handler flags it as injection. An ErrorResponse comes in two shapes: protocol 3's
 * ({@code 'E'}, int32 length, fields {@code type cstring}..., NUL), and the bare {@code 'E'} +
 * NUL-terminated text the postmaster writes when it cannot fork a backend (it never read a startup
 * packet, so it speaks no protocol version). Both mean a PostgreSQL server refusing service before
 * any TLS, so both are {@code service_unavailable}; a malformed one is {@code protocol_mismatch}.
 * There is no greeting and no capability list: {@code banner} and {@code starttls_advertised} stay null.
 */
public final class PostgresStartTls implements StartTlsDialect {

    /** Int32 length 8, then the SSLRequest code 1234 << 16 | 5679. */
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    /** An ErrorResponse is a few hundred bytes; this bounds what a hostile length field can make us wait for. */
    static final int MAX_ERROR = 8 * 1024;
    private static final byte[] SSH = "SSH-".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    /** One connection: one request, one answer. */
    private static final class Session implements PreludeSession {
        private String replyCode;
        private String replyText;

        @Override
        public byte[] firstMessage() {
            return SSL_REQUEST.clone();
        }

        @Override
        public PreludeStep onData(ByteBuf in) {
            if (!in.isReadable()) {
                return PreludeStep.NEED_MORE;
            }
            int at = in.readerIndex();
            switch (in.getByte(at)) {
                case 'S' -> {
                    // An SSH server greets regardless of what we sent; its banner starts with 'S' too.
                    if (startsWith(in, SSH)) {
                        return mismatch(in);
                    }
                    in.skipBytes(1);
                    replyCode = "S";
                    return PreludeStep.START_TLS;
                }
                case 'N' -> {
                    in.skipBytes(1);
                    replyCode = "N";
                    replyText = "server does not accept SSL connections";
                    return PreludeStep.stop(PreludeOutcome.STARTTLS_UNSUPPORTED,
                            "PostgreSQL answered N: SSL is off on this server");
                }
                case 'E' -> {
                    return onError(in);
                }
                default -> {
                    return mismatch(in);
                }
            }
        }

        private PreludeStep onError(ByteBuf in) {
            if (in.readableBytes() < 2) {
                return PreludeStep.NEED_MORE;
            }
            int at = in.readerIndex();
            // Protocol 3 lengths are below 2^24, so a 0 byte follows 'E'; the bare text form starts
            // with a letter ("could not fork new process ...").
            boolean v3 = in.getByte(at + 1) == 0;
            return v3 ? onErrorResponse(in) : onBareError(in);
        }

        /** 'E', int32 length (itself included), then {@code type cstring} fields, then a 0 byte. */
        private PreludeStep onErrorResponse(ByteBuf in) {
            if (in.readableBytes() < 5) {
                return PreludeStep.NEED_MORE;
            }
            int at = in.readerIndex();
            long length = in.getUnsignedInt(at + 1);
            if (length < 5 || length > MAX_ERROR) {
                throw new PreludeProtocolException("PostgreSQL ErrorResponse length " + length);
            }
            if (in.readableBytes() < 1 + length) {
                return PreludeStep.NEED_MORE;
            }
            int end = at + 1 + (int) length;
            String severity = null;
            String code = null;
            String message = null;
            int pos = at + 5;
            while (true) {
                if (pos >= end) {
                    throw new PreludeProtocolException("PostgreSQL ErrorResponse without its final 0 byte");
                }
                byte type = in.getByte(pos++);
                if (type == 0) {
                    break;
                }
                int nul = in.indexOf(pos, end, (byte) 0);
                if (nul < 0) {
                    throw new PreludeProtocolException("PostgreSQL ErrorResponse field not terminated");
                }
                String value = in.toString(pos, nul - pos, StandardCharsets.UTF_8);
                pos = nul + 1;
                switch (type) {
                    case 'V' -> severity = value; // not localized (9.6+): preferred
                    case 'S' -> severity = severity == null ? value : severity;
                    case 'C' -> code = value;
                    case 'M' -> message = value;
                    default -> {
                        // detail, hint, position, file, line, routine: not needed to judge the endpoint
                    }
                }
            }
            in.skipBytes(1 + (int) length);
            return refused(code, severity, message);
        }

        /** The postmaster's fork-failure message: 'E', text, NUL, written before any protocol version is known. */
        private PreludeStep onBareError(ByteBuf in) {
            int at = in.readerIndex();
            int nul = in.indexOf(at + 1, in.writerIndex(), (byte) 0);
            if (nul < 0) {
                if (in.readableBytes() > MAX_ERROR) {
                    throw new PreludeProtocolException("PostgreSQL error text longer than " + MAX_ERROR + " bytes");
                }
                return PreludeStep.NEED_MORE;
            }
            if (nul - at > MAX_ERROR) {
                throw new PreludeProtocolException("PostgreSQL error text longer than " + MAX_ERROR + " bytes");
            }
            String message = in.toString(at + 1, nul - at - 1, StandardCharsets.UTF_8).strip();
            in.readerIndex(nul + 1);
            return refused(null, null, message);
        }

        private PreludeStep refused(String code, String severity, String message) {
            // the SQLSTATE is five characters, but the server chooses the bytes: bound and escape them
            replyCode = code != null ? PreludeText.code(code) : "E";
            String text = (severity != null ? severity + ": " : "") + (message != null ? message : "");
            replyText = PreludeText.cut(text);
            return PreludeStep.stop(PreludeOutcome.SERVICE_UNAVAILABLE,
                    PreludeText.cut("PostgreSQL error before TLS: " + (code != null ? replyCode + " " : "") + text));
        }

        private static boolean startsWith(ByteBuf in, byte[] prefix) {
            if (in.readableBytes() < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static PreludeStep mismatch(ByteBuf in) {
            return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                    "not a PostgreSQL answer to SSLRequest: starts with \"" + PreludeText.peek(in) + "\"");
        }

        @Override
        public PreludeInfo facts() {
            return new PreludeInfo("postgres", null, null, replyCode, replyText, false);
        }
    }
}
