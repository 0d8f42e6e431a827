package io.tlsweep.protocols.nntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.text.Transcript;
import org.junit.jupiter.api.Test;

/** Transcripts of INN (nnrpd) as RFC 3977/4642 describe it. */
class NntpStartTlsTest {

    static final String INN_GREETING = "200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n";
    static final String INN_CAPABILITIES = "101 Capability list:\r\nVERSION 2\r\nIMPLEMENTATION INN 2.7.1\r\n"
            + "AUTHINFO USER\r\nHDR\r\nLIST ACTIVE ACTIVE.TIMES COUNTS DISTRIB.PATS HEADERS MOTD NEWSGROUPS "
            + "OVERVIEW.FMT\r\nNEWNEWS\r\nOVER\r\nPOST\r\nREADER\r\nSTARTTLS\r\n.\r\n";

    private static Transcript innUntilStartTls() {
        return Transcript.of(new NntpStartTls())
                .server(INN_GREETING).client("CAPABILITIES\r\n")
                .server(INN_CAPABILITIES).client("STARTTLS\r\n");
    }

    @Test
    void innUpgrades() {
        PreludeInfo f = innUntilStartTls().server("382 Begin TLS negotiation now\r\n").upgrades().facts();
        assertEquals(new PreludeInfo("nntp", INN_GREETING.replace("\r\n", "\\r\\n"), true, "382",
                "Begin TLS negotiation now", false), f);
    }

    @Test
    void refusalsAreRejections() {
        for (String refusal : new String[] {"580 Can not initiate TLS negotiation", "502 Command unavailable"}) {
            var r = innUntilStartTls().server(refusal + "\r\n").stops(PreludeOutcome.STARTTLS_REJECTED);
            assertEquals(refusal.substring(0, 3), r.facts().replyCode());
        }
    }

    @Test
    void notListedIsUnsupported() {
        var r = Transcript.of(new NntpStartTls())
                .server("201 news.example.com ready (no posting)\r\n").client("CAPABILITIES\r\n")
                .server(INN_CAPABILITIES.replace("STARTTLS\r\n", ""))
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
    }

    @Test
    void preCapabilitiesServersAreAskedAnyway() {
        var r = Transcript.of(new NntpStartTls())
                .server(INN_GREETING).client("CAPABILITIES\r\n")
                .server("500 What?\r\n").client("STARTTLS\r\n")
                .server("382 Continue\r\n")
                .upgrades();
        assertNull(r.facts().starttlsAdvertised());
    }

    @Test
    void unavailableGreetings() {
        for (String greeting : new String[] {"400 Service temporarily unavailable", "502 Access denied"}) {
            var r = Transcript.of(new NntpStartTls()).server(greeting + "\r\n")
                    .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
            assertEquals(greeting.substring(0, 3), r.facts().replyCode());
            assertEquals(greeting.substring(4), r.facts().replyText());
        }
    }

    @Test
    void otherProtocolsAreMismatches() {
        for (String other : new String[] {
                "SSH-2.0-OpenSSH_9.2p1\r\n",
                "220 smtp.example.com ESMTP\r\n",
                "200-multi-line is SMTP, not NNTP\r\n",
                "* OK IMAP\r\n",
                "HTTP/1.1 400 Bad Request\r\n"}) {
            var r = Transcript.of(new NntpStartTls()).server(other).stops(PreludeOutcome.PROTOCOL_MISMATCH);
            assertTrue(r.event().contains("not nntp"), r.event());
        }
    }
}
