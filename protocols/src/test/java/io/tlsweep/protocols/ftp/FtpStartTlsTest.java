package io.tlsweep.protocols.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.text.Transcript;
import org.junit.jupiter.api.Test;

/** Transcripts of vsftpd, Pure-FTPd and ProFTPD. */
class FtpStartTlsTest {

    static final String VSFTPD_FEAT = "211-Features:\r\n AUTH SSL\r\n AUTH TLS\r\n EPRT\r\n EPSV\r\n MDTM\r\n"
            + " PASV\r\n PBSZ\r\n PROT\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n";

    @Test
    void vsftpdUpgrades() {
        PreludeInfo f = Transcript.of(new FtpStartTls())
                .server("220 (vsFTPd 3.0.3)\r\n").client("FEAT\r\n")
                .server(VSFTPD_FEAT).client("AUTH TLS\r\n")
                .server("234 Proceed with negotiation.\r\n")
                .upgrades().facts();
        assertEquals(new PreludeInfo("ftp", "220 (vsFTPd 3.0.3)\\r\\n", true, "234", "Proceed with negotiation.",
                false), f);
    }

    @Test
    void pureFtpdMultiLineGreetingWithFreeTextLines() {
        String greeting = "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n"
                + "220-You are user number 1 of 50 allowed.\r\n"
                + "220-Local time is now 21:00. Server port: 21.\r\n"
                + "This line has no code, as RFC 959 allows\r\n"
                + "220 You will be disconnected after 15 minutes of inactivity.\r\n";
        PreludeInfo f = Transcript.of(new FtpStartTls())
                .server(greeting).client("FEAT\r\n")
                .server("211-Extensions supported:\r\n EPRT\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End.\r\n")
                .client("AUTH TLS\r\n")
                .server("234 AUTH TLS OK.\r\n")
                .upgrades().facts();
        assertTrue(f.banner().endsWith("minutes of inactivity.\\r\\n"), f.banner());
    }

    @Test
    void vsftpdWithoutTlsRejectsAndNeverAdvertised() {
        var r = Transcript.of(new FtpStartTls())
                .server("220 (vsFTPd 3.0.3)\r\n").client("FEAT\r\n")
                .server("211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n"
                        + " UTF8\r\n211 End\r\n")
                .client("AUTH TLS\r\n")
                .server("530 Please login with USER and PASS.\r\n")
                .stops(PreludeOutcome.STARTTLS_REJECTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
        assertEquals("530", r.facts().replyCode());
    }

    @Test
    void featUnknownLeavesAdvertisedUnknown() {
        var r = Transcript.of(new FtpStartTls())
                .server("220 old ftpd\r\n").client("FEAT\r\n")
                .server("500 'FEAT': command not understood\r\n").client("AUTH TLS\r\n")
                .server("234 go\r\n")
                .upgrades();
        assertNull(r.facts().starttlsAdvertised());
    }

    @Test
    void combinedAuthFeatureLineCounts() {
        var r = Transcript.of(new FtpStartTls())
                .server("220 FileZilla Server 1.8.0\r\n").client("FEAT\r\n")
                .server("211-Features:\r\n MDTM\r\n AUTH SSL;TLS\r\n211 End\r\n").client("AUTH TLS\r\n")
                .server("504 Auth type not supported\r\n")
                .stops(PreludeOutcome.STARTTLS_REJECTED);
        assertEquals(Boolean.TRUE, r.facts().starttlsAdvertised());
    }

    @Test
    void serviceReadyLaterThen220() {
        Transcript.of(new FtpStartTls())
                .server("120 Service ready in 1 minutes.\r\n220 ready now\r\n").client("FEAT\r\n")
                .server(VSFTPD_FEAT).client("AUTH TLS\r\n")
                .server("234 ok\r\n")
                .upgrades();
    }

    @Test
    void unavailableGreetings() {
        var r = Transcript.of(new FtpStartTls())
                .server("421 There are too many connected users, please try later.\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("421", r.facts().replyCode());
        assertEquals("There are too many connected users, please try later.", r.facts().replyText());
        Transcript.of(new FtpStartTls())
                .server("220 ok\r\n").client("FEAT\r\n")
                .server("421 Timeout.\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
    }

    @Test
    void otherProtocolsAreMismatches() {
        for (String other : new String[] {
                "SSH-2.0-OpenSSH_9.2p1\r\n",
                "* OK IMAP ready\r\n",
                "+OK POP3\r\n",
                "HTTP/1.1 400 Bad Request\r\n",
                "250 not a greeting\r\n",
                "\u0000\u0000\u0000\u0017\r\n"}) {
            var r = Transcript.of(new FtpStartTls()).server(other).stops(PreludeOutcome.PROTOCOL_MISMATCH);
            assertTrue(r.event().contains("not ftp"), r.event());
        }
    }
}
