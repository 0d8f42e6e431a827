package io.tlsweep.protocols.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.text.Transcript;
import org.junit.jupiter.api.Test;

/** Transcripts of Dovecot and of servers that list capabilities only on request. */
class ImapStartTlsTest {

    static final String DOVECOT_GREETING = "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
            + "LITERAL+ STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n";

    @Test
    void dovecotListsStartTlsInItsGreetingAndUpgrades() {
        PreludeInfo f = Transcript.of(new ImapStartTls())
                .server(DOVECOT_GREETING).client("a2 STARTTLS\r\n")
                .server("a2 OK Begin TLS negotiation now.\r\n")
                .upgrades().facts();
        assertEquals(new PreludeInfo("imap", DOVECOT_GREETING.replace("\r\n", "\\r\\n"), true, "OK",
                "Begin TLS negotiation now.", false), f);
    }

    @Test
    void capabilitiesAskedForWhenTheGreetingHasNone() {
        PreludeInfo f = Transcript.of(new ImapStartTls())
                .server("* OK IMAP4rev1 Service Ready\r\n").client("a1 CAPABILITY\r\n")
                .server("* CAPABILITY IMAP4rev1 starttls AUTH=GSSAPI LOGINDISABLED\r\n"
                        + "a1 OK CAPABILITY completed\r\n")
                .client("a2 STARTTLS\r\n")
                .server("* OK still here\r\na2 OK Begin TLS negotiation now\r\n")
                .upgrades().facts();
        assertEquals(Boolean.TRUE, f.starttlsAdvertised());
        assertEquals("* OK IMAP4rev1 Service Ready\\r\\n", f.banner());
    }

    @Test
    void notListedIsUnsupported() {
        var r = Transcript.of(new ImapStartTls())
                .server("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
        var asked = Transcript.of(new ImapStartTls())
                .server("* OK ready\r\n").client("a1 CAPABILITY\r\n")
                .server("* CAPABILITY IMAP4rev1 XSTARTTLS\r\na1 OK done\r\n")
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, asked.facts().starttlsAdvertised());
    }

    @Test
    void noAndBadAreRejections() {
        for (String answer : new String[] {"NO", "BAD"}) {
            var r = Transcript.of(new ImapStartTls())
                    .server(DOVECOT_GREETING).client("a2 STARTTLS\r\n")
                    .server("a2 " + answer + " TLS support isn't enabled.\r\n")
                    .stops(PreludeOutcome.STARTTLS_REJECTED);
            assertEquals(answer, r.facts().replyCode());
            assertEquals("TLS support isn't enabled.", r.facts().replyText());
        }
    }

    @Test
    void aRefusedCapabilityCommandStillTriesStartTls() {
        var r = Transcript.of(new ImapStartTls())
                .server("* OK ready\r\n").client("a1 CAPABILITY\r\n")
                .server("a1 BAD unknown command\r\n").client("a2 STARTTLS\r\n")
                .server("a2 OK go\r\n")
                .upgrades();
        assertNull(r.facts().starttlsAdvertised(), "never learnt");
    }

    @Test
    void byeGreetingIsServiceUnavailable() {
        var r = Transcript.of(new ImapStartTls())
                .server("* BYE Too many connections, try again later\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("BYE", r.facts().replyCode());
        assertEquals("Too many connections, try again later", r.facts().replyText());
    }

    @Test
    void preauthCannotStartTls() {
        var r = Transcript.of(new ImapStartTls())
                .server("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in as nobody\r\n")
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertTrue(r.event().contains("PREAUTH"), r.event());
        assertEquals(Boolean.TRUE, r.facts().starttlsAdvertised(), "what it listed is still reported");
    }

    @Test
    void otherProtocolsAndBrokenResponsesAreMismatches() {
        for (String other : new String[] {
                "SSH-2.0-OpenSSH_9.2p1\r\n",
                "220 mail.example.com ESMTP Postfix\r\n",
                "HTTP/1.1 400 Bad Request\r\n",
                "+OK POP3 ready\r\n",
                "*OK no space\r\n",
                "\u0016\u0003\u0001\u0000\r\n"}) {
            var r = Transcript.of(new ImapStartTls()).server(other).stops(PreludeOutcome.PROTOCOL_MISMATCH);
            assertTrue(r.event().contains("not imap"), r.event());
        }
        var wrongTag = Transcript.of(new ImapStartTls())
                .server(DOVECOT_GREETING).client("a2 STARTTLS\r\n")
                .server("a1 OK who asked\r\n")
                .stops(PreludeOutcome.PROTOCOL_MISMATCH);
        assertTrue(wrongTag.event().contains("tagged a2"), wrongTag.event());
        Transcript.of(new ImapStartTls())
                .server(DOVECOT_GREETING).client("a2 STARTTLS\r\n")
                .server("+ send more\r\n")
                .stops(PreludeOutcome.PROTOCOL_MISMATCH);
    }
}
