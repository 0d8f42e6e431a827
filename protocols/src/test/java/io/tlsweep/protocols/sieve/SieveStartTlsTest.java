package io.tlsweep.protocols.sieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.text.Transcript;
import org.junit.jupiter.api.Test;

/** Transcripts of Dovecot Pigeonhole's ManageSieve (RFC 5804). */
class SieveStartTlsTest {

    static final String PIGEONHOLE = "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n"
            + "\"SIEVE\" \"fileinto reject envelope encoded-character vacation subaddress comparator-i;ascii-numeric "
            + "relational regex imap4flags copy include variables body enotify environment mailbox date index "
            + "ihave duplicate mime foreverypart extracttext\"\r\n"
            + "\"NOTIFY\" \"mailto\"\r\n"
            + "\"SASL\" \"\"\r\n"
            + "\"STARTTLS\"\r\n"
            + "\"VERSION\" \"1.0\"\r\n"
            + "OK \"Dovecot (Debian) ready.\"\r\n";

    @Test
    void pigeonholeUpgrades() {
        PreludeInfo f = Transcript.of(new SieveStartTls())
                .server(PIGEONHOLE).client("STARTTLS\r\n")
                .server("OK \"Begin TLS negotiation now.\"\r\n")
                .upgrades().facts();
        assertEquals("sieve", f.protocol());
        assertEquals(Boolean.TRUE, f.starttlsAdvertised());
        assertEquals("OK", f.replyCode());
        assertEquals("\"Begin TLS negotiation now.\"", f.replyText());
        assertEquals(PIGEONHOLE.replace("\r\n", "\\r\\n"), f.banner(), "the capability list and OK, as received");
    }

    @Test
    void noIsRejected() {
        var r = Transcript.of(new SieveStartTls())
                .server(PIGEONHOLE).client("STARTTLS\r\n")
                .server("NO \"TLS support isn't enabled.\"\r\n")
                .stops(PreludeOutcome.STARTTLS_REJECTED);
        assertEquals("NO", r.facts().replyCode());
    }

    @Test
    void notListedIsUnsupported() {
        var r = Transcript.of(new SieveStartTls())
                .server(PIGEONHOLE.replace("\"STARTTLS\"\r\n", "\"XSTARTTLS\"\r\n"))
                .stops(PreludeOutcome.STARTTLS_UNSUPPORTED);
        assertEquals(Boolean.FALSE, r.facts().starttlsAdvertised());
    }

    /** Found by TextDialectsFuzzTest: a 2 KiB quoted capability line overflowed the stack in a regex. */
    @Test
    void aLongQuotedLineIsReadWithoutRecursion() {
        var r = Transcript.of(new SieveStartTls())
                .server("\"" + "a".repeat(2040) + "\r\n\"" + "\\\"".repeat(1000) + "\"\r\n\"STARTTLS\"\r\nOK\r\n")
                .client("STARTTLS\r\n")
                .server("OK\r\n")
                .upgrades();
        assertEquals(Boolean.TRUE, r.facts().starttlsAdvertised());
    }

    @Test
    void byeIsServiceUnavailable() {
        var r = Transcript.of(new SieveStartTls())
                .server("BYE (TRYLATER) \"Too many connections\"\r\n")
                .stops(PreludeOutcome.SERVICE_UNAVAILABLE);
        assertEquals("BYE", r.facts().replyCode());
        assertEquals("(TRYLATER) \"Too many connections\"", r.facts().replyText());
    }

    @Test
    void aLiteralThatLooksLikeResponsesIsSkippedWhole() {
        // The IMPLEMENTATION value is a 23-byte literal holding a line break and a fake "OK".
        var r = Transcript.of(new SieveStartTls())
                .server("\"IMPLEMENTATION\" {23}\r\nCyrus timsieved\r\nOK x\r\n\r\n\"starttls\"\r\nOK\r\n")
                .client("STARTTLS\r\n")
                .server("ok\r\n")
                .upgrades();
        assertEquals(Boolean.TRUE, r.facts().starttlsAdvertised());
    }

    @Test
    void otherProtocolsAreMismatches() {
        for (String other : new String[] {
                "SSH-2.0-OpenSSH_9.2p1\r\n",
                "220 smtp.example.com ESMTP\r\n",
                "* OK IMAP\r\n",
                "+OK POP3\r\n",
                "OKAY\r\n",
                "HTTP/1.1 400 Bad Request\r\n"}) {
            var r = Transcript.of(new SieveStartTls()).server(other).stops(PreludeOutcome.PROTOCOL_MISMATCH);
            assertTrue(r.event().contains("not sieve"), r.event());
        }
    }
}
