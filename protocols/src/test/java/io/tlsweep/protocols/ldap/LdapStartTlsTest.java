package io.tlsweep.protocols.ldap;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.ber;
import static io.tlsweep.protocols.testing.Bytes.concat;
import static io.tlsweep.protocols.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.testing.PreludeFuzz;
import io.tlsweep.protocols.testing.PreludeTranscript;
import io.tlsweep.protocols.testing.TranscriptCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LDAP StartTLS against recorded slapd / Active Directory replies and against things that are not LDAP. */
class LdapStartTlsTest extends TranscriptCase {

    static final PreludeOptions OPTIONS = new PreludeOptions("tlsweep.invalid", "ldap.lab.test", 389);

    /** slapd 2.5 (Debian 12) with TLSCertificateFile set, as recorded: resultCode 0, empty matchedDN and diagnosticMessage. */
    static final byte[] SLAPD_SUCCESS = hex("30 0c 02 01 01 78 07 0a 01 00 04 00 04 00");

    /**
     * slapd 2.5 with no TLS configured does not register the StartTLS operation at all, as recorded:
     * resultCode 2 protocolError, "unsupported extended operation".
     */
    static final byte[] SLAPD_WITHOUT_TLS = hex("302a02010178250a01020400041e"
            + "756e737570706f7274656420657874656e646564206f7065726174696f6e");

    /** A server that knows StartTLS but cannot start it: 52 unavailable (OpenLDAP's text for this case). */
    static final byte[] CANNOT_START_TLS = response(1, 52, "Could not initialize TLS", null);

    /** The RFC 2830 form, responseName [10] naming the StartTLS OID (Active Directory, older servers). */
    static final byte[] SUCCESS_WITH_NAME = response(1, 0, "", LdapStartTls.START_TLS_OID);

    /** A server closing on us (RFC 4511 4.4.1): messageID 0, responseName 1.3.6.1.4.1.1466.20036. */
    static final byte[] NOTICE_OF_DISCONNECTION =
            response(0, 52, "connection closing: server shutting down", LdapStartTls.NOTICE_OF_DISCONNECTION_OID);

    static byte[] response(int id, int code, String diagnostic, String responseName) {
        return ber(0x30, ber(0x02, new byte[] {(byte) id}),
                ber(0x78, ber(0x0a, new byte[] {(byte) code}), ber(0x04), ber(0x04, ascii(diagnostic)),
                        responseName == null ? new byte[0] : ber(0x8a, ascii(responseName))));
    }

    private PreludeTranscript start() {
        return start(new LdapStartTls(), OPTIONS);
    }


    @Test
    void sendsTheStartTlsExtendedRequestFirst() {
        start();
        assertEquals("301d02010177188016" + hex(ascii("1.3.6.1.4.1.1466.20037")), hex(t.nextSent()));
        assertNull(t.nextSent(), "one request, nothing else");
    }

    @Test
    void slapdSuccessStartsTls() {
        start().receive(SLAPD_SUCCESS);
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals(new PreludeInfo("ldap", null, null, "0", "success", false), t.facts());
    }

    @Test
    void successWithResponseNameOneByteAtATime() {
        start().receiveOneByteAtATime(SUCCESS_WITH_NAME);
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals("0", t.facts().replyCode());
        assertEquals(1, t.endings());
    }

    @Test
    void nothingIsDecidedOnAPartialReply() {
        start().receive(java.util.Arrays.copyOf(SLAPD_SUCCESS, SLAPD_SUCCESS.length - 1));
        assertEquals(0, t.endings());
        assertNull(t.facts().replyCode());
    }

    @Test
    void bytesAfterTheSuccessAreInjection() {
        start().receive(concat(SLAPD_SUCCESS, ascii("\u0016\u0003\u0003 not from the handshake")));
        assertTrue(t.upgraded());
        assertTrue(t.injected(), "the handler must see the bytes after the one LDAP message");
    }

    @Test
    void slapdWithoutTlsIsRejected() {
        start().receive(SLAPD_WITHOUT_TLS);
        assertEquals(PreludeOutcome.STARTTLS_REJECTED, t.outcome());
        assertEquals("2", t.facts().replyCode());
        assertEquals("protocolError: unsupported extended operation", t.facts().replyText());
    }

    @Test
    void unavailableIsRejectedWithNameAndDiagnostic() {
        start().receive(CANNOT_START_TLS);
        assertEquals(PreludeOutcome.STARTTLS_REJECTED, t.outcome());
        assertEquals("52", t.facts().replyCode());
        assertEquals("unavailable: Could not initialize TLS", t.facts().replyText());
        assertNull(t.facts().banner());
        assertNull(t.facts().starttlsAdvertised());
    }

    @Test
    void aCodeWithoutDiagnosticIsJustItsName() {
        start().receive(response(1, 2, "", null));
        assertEquals("protocolError", t.facts().replyText());
    }

    @Test
    void unwillingToPerformIsNamed() {
        start().receive(response(1, 53, "TLS already started", null));
        assertEquals("unwillingToPerform: TLS already started", t.facts().replyText());
    }

    @Test
    void longDiagnosticUsesLongFormLengthsAndIsCut() {
        byte[] reply = response(1, 80, "x".repeat(1000), null);
        assertEquals((byte) 0x82, reply[1], "the fixture exercises the long form");
        start().receiveOneByteAtATime(reply);
        assertEquals(PreludeOutcome.STARTTLS_REJECTED, t.outcome());
        assertEquals("80", t.facts().replyCode());
        assertEquals(256, t.facts().replyText().length());
        assertTrue(t.facts().replyText().startsWith("other: xxx"));
    }

    @Test
    void noticeOfDisconnectionIsServiceUnavailable() {
        start().receive(NOTICE_OF_DISCONNECTION);
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("52", t.facts().replyCode());
        assertEquals("unavailable: connection closing: server shutting down", t.facts().replyText());
    }

    @Test
    void anotherUnsolicitedNotificationIsSkipped() {
        start().receive(concat(response(0, 0, "", "1.3.6.1.4.1.4203.1.9.1.4"), SLAPD_SUCCESS));
        assertTrue(t.upgraded());
        assertFalse(t.injected());
    }

    @Test
    void sshBannerIsAProtocolMismatch() {
        start().receive(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("SSH-2.0-OpenSSH"), t.reason());
    }

    @Test
    void httpResponseIsAProtocolMismatch() {
        start().receive(ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void indefiniteLengthIsRefused() {
        start().receive(hex("30 80 02 01 01 78 80"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("indefinite"), t.reason());
    }

    @Test
    void aHugeAnnouncedLengthIsRefusedWithoutWaitingForIt() {
        start().receive(hex("30 84 7f ff ff ff 02 01 01"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("more than"), t.reason());
    }

    @Test
    void aReplyToAnotherMessageIsAMismatch() {
        start().receive(response(2, 0, "", null));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("messageID 2"), t.reason());
    }

    @Test
    void aBindResponseIsAMismatch() {
        start().receive(hex("30 0c 02 01 01 61 07 0a 01 00 04 00 04 00"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("0x61"), t.reason());
    }

    @Test
    void anElementRunningPastItsParentIsAMismatch() {
        // the ExtendedResponse claims 0x20 bytes inside a 0x0c-byte message
        start().receive(hex("30 0c 02 01 01 78 20 0a 01 00 04 00 04 00"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void randomInputOnlyEverEndsCleanly() {
        PreludeFuzz.run(new LdapStartTls(), OPTIONS,
                List.of(SLAPD_SUCCESS, SUCCESS_WITH_NAME, SLAPD_WITHOUT_TLS, CANNOT_START_TLS, NOTICE_OF_DISCONNECTION,
                        response(1, 80, "y".repeat(300), null)), 389, 5000);
    }
}
