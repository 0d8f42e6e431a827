package io.tlsweep.protocols.ldap;

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
 * LDAP's StartTLS extended operation (RFC 4511 section 4.14, RFC 4513 section 3). Client first: one
 * ExtendedRequest, then one ExtendedResponse whose resultCode decides.
 *
 * <pre>
 * C: 30 1d 02 01 01 77 18 80 16 "1.3.6.1.4.1.1466.20037"
 *      LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0] StartTLS OID } }
 * S: 30 0c 02 01 01 78 07 0a 01 00 04 00 04 00      (slapd may append responseName [10] OID)
 *      LDAPMessage { messageID 1, extendedResp [APPLICATION 24] { resultCode 0, matchedDN "", diagnosticMessage "" } }
 * </pre>
 *
 * resultCode 0 starts TLS; any other is {@code starttls_rejected} (slapd 2.5 with no TLS configured
 * says 2 protocolError, "unsupported extended operation"; a server that cannot start TLS says 52
 * unavailable). A Notice of Disconnection (messageID 0, responseName
 * 1.3.6.1.4.1.1466.20036) is {@code service_unavailable}; anything that is not such BER is
 * {@code protocol_mismatch}. LDAP has no greeting and no capability list to read first (the root
 * DSE's supportedExtension would cost a search), so {@code banner} and {@code starttls_advertised}
 * stay null.
 */
public final class LdapStartTls implements StartTlsDialect {

    static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";
    static final String NOTICE_OF_DISCONNECTION_OID = "1.3.6.1.4.1.1466.20036";

    /** The request, built once: 0x1d = 3 (messageID) + 2 + 0x18 (the operation). */
    private static final byte[] REQUEST = request();

    /**
     * Largest reply read. A StartTLS response is a few dozen bytes; a diagnosticMessage or referral
     * list may add some. Anything longer is not the answer we asked for.
     */
    static final int MAX_MESSAGE = 16 * 1024;
    private static final int MAX_STRING = 1024;

    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_INTEGER = 0x02;
    private static final int TAG_ENUMERATED = 0x0a;
    private static final int TAG_OCTET_STRING = 0x04;
    private static final int TAG_EXTENDED_RESPONSE = 0x78; // [APPLICATION 24], constructed
    private static final int TAG_RESPONSE_NAME = 0x8a; // [10], primitive

    @Override
    public String name() {
        return "ldap";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    static byte[] request() {
        byte[] oid = START_TLS_OID.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[9 + oid.length];
        byte[] head = {0x30, (byte) (7 + oid.length), 0x02, 0x01, 0x01, 0x77, (byte) (2 + oid.length),
                (byte) 0x80, (byte) oid.length};
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(oid, 0, out, head.length, oid.length);
        return out;
    }

    /** One connection: sends the request, reads LDAP messages until the one answering it. */
    private static final class Session implements PreludeSession {
        private String replyCode;
        private String replyText;

        @Override
        public byte[] firstMessage() {
            return REQUEST.clone();
        }

        @Override
        public PreludeStep onData(ByteBuf in) {
            while (in.isReadable()) {
                int first = in.getUnsignedByte(in.readerIndex());
                if (first != TAG_SEQUENCE) {
                    return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                            "not an LDAP message: starts with \"" + PreludeText.peek(in) + "\"");
                }
                int total = Ber.frameLength(in, MAX_MESSAGE);
                if (total < 0 || in.readableBytes() < total) {
                    return PreludeStep.NEED_MORE;
                }
                Ber message = Ber.over(in, in.readerIndex(), total);
                PreludeStep step = onMessage(message.enter(message.expect(TAG_SEQUENCE, "LDAPMessage")));
                // Exactly one message is consumed: whatever follows the go-ahead stays for the
                // handler's injection guard.
                in.skipBytes(total);
                if (step != null) {
                    return step;
                }
            }
            return PreludeStep.NEED_MORE;
        }

        /** Reads one LDAPMessage's contents; null when it is an unsolicited notice to skip. */
        private PreludeStep onMessage(Ber message) {
            long id = message.integer(message.expect(TAG_INTEGER, "messageID"));
            if (!message.hasMore()) {
                throw new PreludeProtocolException("LDAPMessage without an operation");
            }
            Ber.Tlv op = message.next();
            if (id != 0 && id != 1) {
                return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                        "LDAP reply to messageID " + id + ", we sent 1");
            }
            if (op.tag() != TAG_EXTENDED_RESPONSE) {
                return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                        String.format("LDAP reply is operation 0x%02x, not an ExtendedResponse", op.tag()));
            }
            Ber result = message.enter(op);
            long code = result.integer(result.expect(TAG_ENUMERATED, "resultCode"));
            result.expect(TAG_OCTET_STRING, "matchedDN");
            String diagnostic = result.string(result.expect(TAG_OCTET_STRING, "diagnosticMessage"), MAX_STRING);
            String responseName = null;
            while (result.hasMore()) { // referral [3], responseName [10], responseValue [11]
                Ber.Tlv optional = result.next();
                if (optional.tag() == TAG_RESPONSE_NAME) {
                    responseName = result.string(optional, MAX_STRING);
                }
            }
            String text = PreludeText.cut(LdapResultCodes.name(code) + (diagnostic.isEmpty() ? "" : ": " + diagnostic));
            if (id == 0) {
                // messageID 0 is reserved for unsolicited notifications (RFC 4511 section 4.4).
                if (!NOTICE_OF_DISCONNECTION_OID.equals(responseName)) {
                    return null;
                }
                replyCode = Long.toString(code);
                replyText = text;
                return PreludeStep.stop(PreludeOutcome.SERVICE_UNAVAILABLE,
                        "LDAP notice of disconnection: " + text);
            }
            replyCode = Long.toString(code);
            replyText = text;
            if (code == 0) {
                return PreludeStep.START_TLS;
            }
            return PreludeStep.stop(PreludeOutcome.STARTTLS_REJECTED, "LDAP StartTLS refused: " + code + " " + text);
        }

        @Override
        public PreludeInfo facts() {
            return new PreludeInfo("ldap", null, null, replyCode, replyText, false);
        }
    }
}
