package io.tlsweep.protocols.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.text.Transcript;
import org.junit.jupiter.api.Test;

/** Transcripts of Dovecot's POP3 and of pre-CAPA servers. */
class Pop3StartTlsTest {

    static final String DOVECOT_CAPA = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\n"
            + "AUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n";

    private static Transcript dovecotUntilStls() {
        return Transcript.of(new Pop3StartTls())
                .server("+OK Dovecot (Debian) ready.\r\n").client("CAPA\r\n")
                .server(DOVECOT_CAPA).client("STLS\r\n");
    }

    @Test
    void dovecotUpgrades() {
        PreludeInfo f = dovecotUntilStls().server("+OK Begin TLS negotiation now.\r\n").upgrades().facts();
        assertEquals(new PreludeInfo("pop3", "+OK Dovecot (Debian) ready.\\r\\n", true, "+OK",
                "Begin TLS negotiation now.", false), f);
    }

    @Test
    void errToStlsIsRejected() {
        var r = dovecotUntilStls().server("-ERR [SYS/PERM] TLS support isn't enabled.\r\n")
                .stops(PreludeOutcome.STARTTLS_REJECTED);
        assertEquals("-ERR", r.facts().replyCode());
        assertEquals("[SYS/PERM] TLS support isn't enabled.", r.facts().replyText());
    }

    @Test
    void notListedIsUnsupported() {
        var r = Transcript.of(new Pop3StartTls())
                .server("+OK ready  <1896.697170952@dbc.mtview.ca.us>\r\n").client("CAPA\r\n")
                .server(DOVECOT_CAPA.replace("STLS\r\n", "..STLS-LIKE\r\n"))
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
    }

    @Test
    void aDotStuffedStlsLineCounts() {
        Transcript.of(new Pop3StartTls())
                .server("+OK hi\r\n").client("CAPA\r\n")
                .server("+OK\r\n.STLS\r\n.\r\n").client("STLS\r\n")
                .server("+OK\r\n")
                .upgrades();
    }

    @Test
    void preCapaServersAreAskedForStlsAnyway() {
        var r = Transcript.of(new Pop3StartTls())
                .server("+OK POP3 server ready\r\n").client("CAPA\r\n")
                .server("-ERR unknown command\r\n").client("STLS\r\n")
                .server("+OK begin TLS\r\n")
                .upgrades();
        assertNull(r.facts().starttlsAdvertised());
    }

    @Test
    void errGreetingIsServiceUnavailable() {
        var r = Transcript.of(new Pop3StartTls())
                .server("-ERR [SYS/TEMP] Too many connections\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("-ERR", r.facts().replyCode());
        assertEquals("[SYS/TEMP] Too many connections", r.facts().replyText());
    }

    @Test
    void otherProtocolsAreMismatches() {
        for (String other : new String[] {
                "SSH-2.0-OpenSSH_9.2p1\r\n",
                "* OK IMAP ready\r\n",
                "220 smtp ready\r\n",
                "HTTP/1.1 400 Bad Request\r\n",
                "+OKAY\r\n"}) {
            var r = Transcript.of(new Pop3StartTls()).server(other).stops(PreludeOutcome.PROTOCOL_MISMATCH);
            assertTrue(r.event().contains("not pop3"), r.event());
        }
        Transcript.of(new Pop3StartTls())
                .server("+OK hi\r\n").client("CAPA\r\n")
                .server("\u0000\u0001garbage\r\n")
                .stops(PreludeOutcome.PROTOCOL_MISMATCH);
    }
}
