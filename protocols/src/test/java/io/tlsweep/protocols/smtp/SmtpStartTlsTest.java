package io.tlsweep.protocols.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.text.Transcript;
import org.junit.jupiter.api.Test;

/** Transcripts of Postfix and Exim as they answer on 25/587, and of what else answers there. */
class SmtpStartTlsTest {

    static final String POSTFIX_GREETING = "220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n";
    static final String POSTFIX_EHLO = "250-mail.example.com\r\n"
            + "250-PIPELINING\r\n"
            + "250-SIZE 10240000\r\n"
            + "250-VRFY\r\n"
            + "250-ETRN\r\n"
            + "250-STARTTLS\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n"
            + "250-8BITMIME\r\n"
            + "250-DSN\r\n"
            + "250-SMTPUTF8\r\n"
            + "250 CHUNKING\r\n";

    private static Transcript postfixUntilStartTls() {
        return Transcript.of(new SmtpStartTls())
                .server(POSTFIX_GREETING).client("EHLO tlsweep.invalid\r\n")
                .server(POSTFIX_EHLO).client("STARTTLS\r\n");
    }

    @Test
    void postfixUpgrades() {
        PreludeInfo f = postfixUntilStartTls().server("220 2.0.0 Ready to start TLS\r\n").upgrades().facts();
        assertEquals(new PreludeInfo("smtp", "220 mail.example.com ESMTP Postfix (Debian/GNU)\\r\\n", true,
                "220", "2.0.0 Ready to start TLS", false), f);
    }

    @Test
    void multiLineGreetingAndLowerCaseKeywordWithBareLf() {
        PreludeInfo f = Transcript.of(new SmtpStartTls())
                .server("220-mx.example.org ESMTP Exim 4.96 Wed, 25 Nov 2026 21:00:00 +0000\n"
                        + "220-We do not authorize the use of this system to transport unsolicited,\n"
                        + "220 and/or bulk e-mail.\n")
                .client("EHLO tlsweep.invalid\r\n")
                .server("250-mx.example.org Hello tlsweep.invalid [127.0.0.1]\n250-SIZE 52428800\n"
                        + "250-starttls\n250 HELP\n")
                .client("STARTTLS\r\n")
                .server("220 TLS go ahead\n")
                .upgrades().facts();
        assertTrue(f.banner().startsWith("220-mx.example.org ESMTP Exim 4.96"), f.banner());
        assertTrue(f.banner().endsWith("220 and/or bulk e-mail.\\n"), "every greeting line is the banner");
    }

    @Test
    void refusedStartTlsIsRejectedWithTheReply() {
        var r = postfixUntilStartTls().server("454 4.7.0 TLS not available due to local problem\r\n")
                .stops(PreludeOutcome.STARTTLS_REJECTED);
        assertEquals("STARTTLS_REJECTED: STARTTLS refused: 454", r.event());
        assertEquals("454", r.facts().replyCode());
        assertEquals("4.7.0 TLS not available due to local problem", r.facts().replyText());
        assertEquals(Boolean.TRUE, r.facts().starttlsAdvertised());
    }

    @Test
    void noStartTlsKeywordIsUnsupportedAndStartTlsIsNotSent() {
        var r = Transcript.of(new SmtpStartTls())
                .server(POSTFIX_GREETING).client("EHLO tlsweep.invalid\r\n")
                .server(POSTFIX_EHLO.replace("250-STARTTLS\r\n", "250-XSTARTTLSX\r\n"))
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
        assertNull(r.facts().replyCode(), "never asked");
    }

    @Test
    void ehloRefusedFallsBackToHeloWhichHasNoStartTls() {
        var r = Transcript.of(new SmtpStartTls())
                .server("220 old.example.com SMTP ready\r\n").client("EHLO tlsweep.invalid\r\n")
                .server("500 5.5.1 Command unrecognized: \"EHLO tlsweep.invalid\"\r\n")
                .client("HELO tlsweep.invalid\r\n")
                .server("250 old.example.com\r\n")
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
        assertTrue(r.event().contains("EHLO refused (500)"), r.event());
    }

    @Test
    void ehloAndHeloRefusedIsServiceUnavailable() {
        var r = Transcript.of(new SmtpStartTls())
                .server("220 x\r\n").client("EHLO tlsweep.invalid\r\n")
                .server("502 no\r\n").client("HELO tlsweep.invalid\r\n")
                .server("554 5.7.1 go away\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("554", r.facts().replyCode());
        assertNull(r.facts().starttlsAdvertised(), "no capability list was ever seen");
    }

    @Test
    void serviceUnavailableGreetings() {
        var r = Transcript.of(new SmtpStartTls())
                .server("421 4.3.2 Service currently unavailable\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("421", r.facts().replyCode());
        assertEquals("4.3.2 Service currently unavailable", r.facts().replyText());
        assertEquals("421 4.3.2 Service currently unavailable\\r\\n", r.facts().banner());
        var multi = Transcript.of(new SmtpStartTls())
                .server("554-mx.example.com\r\n554 5.7.1 Your IP is listed\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("mx.example.com 5.7.1 Your IP is listed", multi.facts().replyText());
    }

    @Test
    void ehlo421IsServiceUnavailable() {
        var r = Transcript.of(new SmtpStartTls())
                .server(POSTFIX_GREETING).client("EHLO tlsweep.invalid\r\n")
                .server("421 4.7.0 mail.example.com Error: too many connections\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("421", r.facts().replyCode());
    }

    @Test
    void otherProtocolsAreMismatches() {
        for (String other : new String[] {
                "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
                "* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n",
                "+OK Dovecot ready.\r\n",
                "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n",
                "200 news.example.com ready\r\n"}) {
            var r = Transcript.of(new SmtpStartTls()).server(other).stops(PreludeOutcome.PROTOCOL_MISMATCH);
            assertTrue(r.event().contains("not smtp"), r.event());
            assertFalse(r.facts().banner().isEmpty(), "the banner shows what answered");
        }
    }

    @Test
    void garbageInTheEhloReplyIsAMismatch() {
        var r = Transcript.of(new SmtpStartTls())
                .server(POSTFIX_GREETING).client("EHLO tlsweep.invalid\r\n")
                .server("250-mail.example.com\r\n\u0000\u00ff\u0016\u0003\r\n")
                .stops(PreludeOutcome.PROTOCOL_MISMATCH);
        assertTrue(r.event().contains("code 250"), r.event());
        assertEquals("220 mail.example.com ESMTP Postfix (Debian/GNU)\\r\\n", r.facts().banner(),
                "the banner is the greeting only");
    }

    @Test
    void anOverlongBannerIsBounded() {
        var r = Transcript.of(new SmtpStartTls())
                .server("220-" + "x".repeat(1500) + "\r\n220 ok\r\n").client("EHLO tlsweep.invalid\r\n")
                .server("250 ok\r\n")
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(512, r.facts().banner().length());
    }

    @Test
    void theReplyTextIsBounded() {
        var r = postfixUntilStartTls().server("454 " + "y".repeat(1000) + "\r\n")
                .stops(PreludeOutcome.STARTTLS_REJECTED);
        assertEquals(256, r.facts().replyText().length());
    }
}
