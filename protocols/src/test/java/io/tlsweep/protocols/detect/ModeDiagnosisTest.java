package io.tlsweep.protocols.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.engine.ModeObservation;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Transport;
import io.tlsweep.protocols.PortCatalogue;
import org.junit.jupiter.api.Test;

/** The sentences operators read, for each kind of mode mismatch, and silence when there is none. */
class ModeDiagnosisTest {

    private static final String SMTP_BANNER = "220 mail.interop.test ESMTP Postfix\\r\\n";

    private static String diagnose(int port, ModeObservation earlier, ModeObservation last) {
        return ModeDiagnosis.diagnose(port, PortCatalogue.lookup(port, Transport.TCP).orElse(null), earlier, last);
    }

    private static ModeObservation implicitNotTls(String firstBytes) {
        return new ModeObservation("implicit", null, Status.NOT_TLS, firstBytes, null, null);
    }

    private static ModeObservation implicitSuccess() {
        return new ModeObservation("implicit", null, Status.SUCCESS, null, null, "TLSv1.3");
    }

    private static ModeObservation starttls(String protocol, Status status, String banner, String version) {
        return new ModeObservation("starttls", protocol, status, null,
                new PreludeInfo(protocol, banner, status == Status.STARTTLS_UNSUPPORTED ? false : Boolean.TRUE,
                        null, null, false), version);
    }

    @Test
    void plaintextSmtpOn465ThatUpgrades() {
        assertEquals("465 expects implicit TLS; the server speaks plaintext SMTP and offers STARTTLS",
                diagnose(465, implicitNotTls(SMTP_BANNER), starttls("smtp", Status.SUCCESS, SMTP_BANNER, "TLSv1.3")));
    }

    @Test
    void plaintextSmtpOn465WithoutStarttls() {
        assertEquals("465 expects implicit TLS; the server speaks plaintext SMTP without STARTTLS",
                diagnose(465, implicitNotTls(SMTP_BANNER),
                        starttls("smtp", Status.STARTTLS_UNSUPPORTED, SMTP_BANNER, null)));
    }

    @Test
    void plaintextImapOn993WithoutFollowUp() {
        assertEquals("993 expects implicit TLS; the server speaks plaintext IMAP",
                diagnose(993, null, implicitNotTls("* OK Dovecot ready.\\r\\n")));
    }

    @Test
    void implicitTlsOnASTARTTLSPort() {
        ModeObservation silent = new ModeObservation("starttls", "smtp", Status.TIMEOUT, null,
                new PreludeInfo("smtp", null, null, null, null, false), null);
        assertEquals("587 expects SMTP with STARTTLS; the server speaks implicit TLS",
                diagnose(587, silent, implicitSuccess()));
    }

    @Test
    void sshWhereTlsIsExpected() {
        assertEquals("443 expects implicit TLS; the server speaks SSH",
                diagnose(443, null, implicitNotTls("SSH-2.0-OpenSSH_9.2p1\\r\\n")));
        assertEquals("22 is SSH (SFTP), not TLS", diagnose(22, null, implicitNotTls("SSH-2.0-OpenSSH_9.2p1\\r\\n")),
                "the classic: an FTPS scan pointed at an SFTP server");
        assertEquals("2222 answers SSH, not TLS",
                diagnose(2222, null, implicitNotTls("SSH-2.0-OpenSSH_9.2p1\\r\\n")));
    }

    @Test
    void plaintextHttpOnHttps() {
        assertEquals("443 expects implicit TLS; the server speaks plaintext HTTP",
                diagnose(443, null, implicitNotTls("HTTP/1.1 400 Bad Request\\r\\n")));
    }

    @Test
    void noStarttlsOnASmtpRelay() {
        assertEquals("25 offers no TLS upgrade: this SMTP server speaks plaintext only",
                diagnose(25, null, starttls("smtp", Status.STARTTLS_UNSUPPORTED, SMTP_BANNER, null)));
    }

    @Test
    void anotherProtocolOnASTARTTLSPort() {
        assertEquals("143 expects IMAP with STARTTLS; the server speaks SSH",
                diagnose(143, null, starttls("imap", Status.PROTOCOL_MISMATCH, "SSH-2.0-OpenSSH_9.2p1\\r\\n", null)));
    }

    @Test
    void tlsOnAPlaintextPort() {
        assertEquals("80 is plaintext HTTP by convention; the server speaks TLS", diagnose(80, null, implicitSuccess()));
    }

    @Test
    void nothingToSayWhenThePortKeepsItsPromise() {
        assertNull(diagnose(443, null, implicitSuccess()));
        assertNull(diagnose(465, null, implicitSuccess()));
        assertNull(diagnose(587, null, starttls("smtp", Status.SUCCESS, SMTP_BANNER, "TLSv1.3")));
        assertNull(diagnose(443, null, new ModeObservation("implicit", null, Status.REFUSED, null, null, null)));
        assertNull(diagnose(443, null, new ModeObservation("implicit", null, Status.TIMEOUT, null, null, null)));
        assertNull(diagnose(8443, null, implicitNotTls("\\x00\\x01garbage")), "unknown plaintext: no claim");
        assertNull(diagnose(40000, null, implicitSuccess()), "uncatalogued TLS port");
    }

    @Test
    void anUncataloguedPortThatUpgradesInProtocol() {
        ModeObservation hungUp = new ModeObservation("implicit", null, Status.CLOSED, null, null, null);
        assertEquals("15432 is not a catalogued TLS port; the server speaks PostgreSQL and upgrades to TLS in-protocol",
                diagnose(15432, hungUp, starttls("postgres", Status.SUCCESS, null, "TLSv1.3")));
    }
}
