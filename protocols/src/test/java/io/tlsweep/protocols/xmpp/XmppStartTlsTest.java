package io.tlsweep.protocols.xmpp;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static io.tlsweep.protocols.testing.Bytes.concat;
import static io.tlsweep.protocols.testing.Bytes.utf8;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XMPP STARTTLS against Prosody's and ejabberd's stream openings, and against things that are not XMPP. */
class XmppStartTlsTest extends TranscriptCase {

    static final PreludeOptions C2S = new PreludeOptions("tlsweep.invalid", "xmpp.lab.test", 5222);

    /** Prosody 0.12's answer to a c2s header (one write). */
    static final String PROSODY_HEADER = "<?xml version='1.0'?><stream:stream"
            + " xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'"
            + " id='9f1c4e62-7a7b-4c1e-a2b3-5d4c3b2a1f0e' from='xmpp.lab.test' version='1.0' xmlns='jabber:client'>";
    /** Prosody with c2s_require_encryption: STARTTLS, marked required, and nothing else before TLS. */
    static final String PROSODY_FEATURES = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
            + "<required/></starttls></stream:features>";
    static final String PROCEED = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

    /** ejabberd 23: several features, whitespace between elements, double quotes, starttls last. */
    static final String EJABBERD = "<?xml version='1.0'?>\n<stream:stream xmlns=\"jabber:client\""
            + " xmlns:stream=\"http://etherx.jabber.org/streams\" id=\"1417530837\" from=\"xmpp.lab.test\""
            + " version=\"1.0\" xml:lang=\"en\">\n<stream:features>"
            + "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"http://www.process-one.net/en/ejabberd/\""
            + " ver=\"J2x7dJ2pJjJ+h+0rLiU0gqjq6ok=\"/><register xmlns=\"http://jabber.org/features/iq-register\"/>"
            + "<mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><mechanism>SCRAM-SHA-1</mechanism></mechanisms>"
            + "<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/></stream:features>";

    /** Prosody without a certificate for the host: SASL only. */
    static final String NO_STARTTLS_FEATURES = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>";

    /** Prosody 0.12.3's answer to a header without {@code to} (a bare-address target), as recorded: no version. */
    static final String IMPROPER_ADDRESSING = "<?xml version='1.0'?><stream:stream"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='' xml:lang='en' xmlns='jabber:client'>"
            + "<stream:error><improper-addressing xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>A &apos;to&apos; attribute is required on stream"
            + " headers</text></stream:error></stream:stream>";

    static final String FAILURE = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>";

    private PreludeTranscript start(PreludeOptions options) {
        return start(new XmppStartTls(), options);
    }

    private String sent() {
        byte[] b = t.nextSent();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }


    @Test
    void headerNamesTheDomainAndTheClientNamespace() {
        start(C2S);
        assertEquals("<?xml version='1.0'?><stream:stream to='xmpp.lab.test' version='1.0' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams'>", sent());
        assertNull(sent());
    }

    @Test
    void serverToServerPortSpeaksJabberServer() {
        assertEquals("<?xml version='1.0'?><stream:stream to='xmpp.lab.test' version='1.0' xmlns='jabber:server'"
                + " xmlns:stream='http://etherx.jabber.org/streams'>",
                XmppStartTls.header(new PreludeOptions("x", "xmpp.lab.test.", 5269)));
    }

    @Test
    void withoutANameThereIsNoTo() {
        assertEquals("<?xml version='1.0'?><stream:stream version='1.0' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams'>",
                XmppStartTls.header(new PreludeOptions("x", null, 5222)));
    }

    @Test
    void aNameCannotBreakOutOfItsAttribute() {
        assertTrue(XmppStartTls.header(new PreludeOptions("x", "a'b<c", 5222)).contains("to='a&apos;b&lt;c' "));
    }

    @Test
    void prosodyHappyPath() {
        start(C2S);
        sent();
        t.receive(ascii(PROSODY_HEADER));
        assertNull(sent(), "nothing is sent before the features");
        t.receive(ascii(PROSODY_FEATURES));
        assertEquals("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", sent());
        assertFalse(t.upgraded());
        t.receive(ascii(PROCEED));
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals(new PreludeInfo("xmpp", PROSODY_HEADER, true, "proceed", null, false), t.facts());
    }

    @Test
    void ejabberdOneByteAtATime() {
        start(C2S);
        sent();
        t.receiveOneByteAtATime(utf8(EJABBERD));
        assertEquals(XmppStartTls.STARTTLS, sent());
        t.receiveOneByteAtATime(utf8(" " + PROCEED));
        assertTrue(t.upgraded());
        assertFalse(t.injected());
        assertEquals(1, t.endings());
        assertEquals("<?xml version='1.0'?><stream:stream xmlns=\"jabber:client\" xmlns:stream=\"http://etherx.jabber.org/streams\""
                + " id=\"1417530837\" from=\"xmpp.lab.test\" version=\"1.0\" xml:lang=\"en\">", t.facts().banner());
    }

    @Test
    void bytesAfterProceedAreInjection() {
        start(C2S).receive(ascii(PROSODY_HEADER + PROSODY_FEATURES));
        t.receive(ascii(PROCEED + "<message to='victim@xmpp.lab.test'><body>forged</body></message>"));
        assertTrue(t.upgraded());
        assertTrue(t.injected());
    }

    @Test
    void aNonSelfClosingProceedIsFine() {
        start(C2S).receive(ascii(PROSODY_HEADER + PROSODY_FEATURES));
        t.receive(ascii("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'></proceed>"));
        assertTrue(t.upgraded());
        assertFalse(t.injected());
    }

    @Test
    void failureIsRejected() {
        start(C2S).receive(ascii(PROSODY_HEADER + PROSODY_FEATURES));
        t.receive(ascii(FAILURE));
        assertEquals(PreludeOutcome.STARTTLS_REJECTED, t.outcome());
        assertEquals("failure", t.facts().replyCode());
        assertEquals(true, t.facts().starttlsAdvertised());
    }

    @Test
    void featuresWithoutStarttlsAreUnsupported() {
        start(C2S);
        sent();
        t.receive(ascii(PROSODY_HEADER + NO_STARTTLS_FEATURES));
        assertNull(sent(), "no STARTTLS to a server that does not offer it");
        assertEquals(PreludeOutcome.STARTTLS_UNSUPPORTED, t.outcome());
        assertEquals(false, t.facts().starttlsAdvertised());
        assertEquals(PROSODY_HEADER, t.facts().banner());
    }

    @Test
    void starttlsInAnotherNamespaceDoesNotCount() {
        start(C2S).receive(ascii(PROSODY_HEADER + "<stream:features><starttls xmlns='urn:example:other'/></stream:features>"));
        assertEquals(PreludeOutcome.STARTTLS_UNSUPPORTED, t.outcome());
    }

    @Test
    void aBareAddressIsRefusedByProsodyAsServiceUnavailable() {
        start(new PreludeOptions("tlsweep.invalid", null, 5222)).receive(ascii(IMPROPER_ADDRESSING));
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("stream:error", t.facts().replyCode());
        assertEquals("improper-addressing: A 'to' attribute is required on stream headers", t.facts().replyText());
        assertEquals("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' id=''"
                + " xml:lang='en' xmlns='jabber:client'>", t.facts().banner());
        assertNull(t.facts().starttlsAdvertised(), "never learnt");
    }

    @Test
    void hostUnknownIsServiceUnavailable() {
        start(C2S).receiveOneByteAtATime(ascii(PROSODY_HEADER + "<stream:error><host-unknown"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"));
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
        assertEquals("host-unknown", t.facts().replyText());
    }

    @Test
    void aStreamErrorAfterStarttlsIsRejected() {
        start(C2S).receive(ascii(PROSODY_HEADER + PROSODY_FEATURES));
        t.receive(ascii("<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"));
        assertEquals(PreludeOutcome.STARTTLS_REJECTED, t.outcome());
        assertEquals("policy-violation", t.facts().replyText());
    }

    @Test
    void aClosedStreamBeforeFeaturesIsServiceUnavailable() {
        start(C2S).receive(ascii(PROSODY_HEADER + "</stream:stream>"));
        assertEquals(PreludeOutcome.SERVICE_UNAVAILABLE, t.outcome());
    }

    @Test
    void aVersionlessHeaderAloneDecidesNothing() {
        // Prosody's refusal starts this way too: only what follows tells a pre-1.0 server from it.
        start(C2S).receive(ascii("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                + " id='3A4B' xmlns='jabber:client' from='xmpp.lab.test'>"));
        assertEquals(0, t.endings());
        assertNull(t.facts().starttlsAdvertised());
    }

    @Test
    void whitespaceKeepalivesAndUnknownElementsAreSkipped() {
        start(C2S).receive(ascii(PROSODY_HEADER + "\n \n<stream:unknown><x/>text</stream:unknown>\r\n" + PROSODY_FEATURES));
        assertEquals(XmppStartTls.header(C2S), sent());
        assertEquals(XmppStartTls.STARTTLS, sent());
    }

    @Test
    void sshBannerIsAMismatchAtOnce() {
        start(C2S).receive(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("SSH-2.0"), t.reason());
    }

    @Test
    void httpIsAMismatch() {
        start(C2S).receive(ascii("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html>"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void anHtmlDocumentIsAMismatch() {
        start(C2S).receive(ascii("<html><body>hello</body></html>"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("<html>"), t.reason());
    }

    @Test
    void aDoctypeIsRefused() {
        start(C2S).receive(ascii("<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'>]><stream:stream>"));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("forbids"), t.reason());
    }

    @Test
    void anEndlessTagIsCutAtTheTokenLimit() {
        start(C2S).receive(ascii("<stream:stream " + "a='b' ".repeat(1000)));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
    }

    @Test
    void anEndlessFeaturesElementIsCutAtTheElementLimit() {
        start(C2S).receive(ascii(PROSODY_HEADER + "<stream:features>" + "<mechanism>PLAIN</mechanism>".repeat(700)));
        assertEquals(PreludeOutcome.PROTOCOL_MISMATCH, t.outcome());
        assertTrue(t.reason().contains("longer than"), t.reason());
    }

    @Test
    void randomInputOnlyEverEndsCleanly() {
        PreludeFuzz.run(new XmppStartTls(), C2S, List.of(
                ascii(PROSODY_HEADER + PROSODY_FEATURES + PROCEED), utf8(EJABBERD + PROCEED),
                ascii(PROSODY_HEADER + NO_STARTTLS_FEATURES), ascii(IMPROPER_ADDRESSING),
                ascii(PROSODY_HEADER + PROSODY_FEATURES + FAILURE)), 5222, 5000);
    }
}
