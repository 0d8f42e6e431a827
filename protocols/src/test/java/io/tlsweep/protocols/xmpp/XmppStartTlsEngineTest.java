package io.tlsweep.protocols.xmpp;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.protocols.testing.ScriptedServer;
import io.tlsweep.protocols.testing.StartTlsScans;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** XMPP STARTTLS through the real engine against a fake Prosody on 127.0.0.x. */
class XmppStartTlsEngineTest {

    /**
     * Plays Prosody: refuses a header without {@code to} (improper-addressing), else sends its header
     * and {@code features}; answers our STARTTLS with {@code answer}, then speaks TLS if asked to.
     */
    private static ScriptedServer prosody(String features, String answer, boolean thenTls) {
        return new ScriptedServer(64, thenTls ? StartTlsScans.serverTls() : null, new ScriptedServer.Script() {
            private boolean opened;

            @Override
            public void received(ScriptedServer.Conversation c, ByteBuf in) {
                String text = in.toString(StandardCharsets.UTF_8);
                if (!opened) {
                    int end = text.indexOf("streams'>");
                    if (end < 0) {
                        return;
                    }
                    in.skipBytes(end + "streams'>".length());
                    opened = true;
                    if (!text.contains(" to='")) {
                        c.write(ascii(XmppStartTlsTest.IMPROPER_ADDRESSING));
                        c.close();
                        return;
                    }
                    c.write(ascii(XmppStartTlsTest.PROSODY_HEADER));
                    c.write(ascii(features));
                    return;
                }
                if (text.startsWith(XmppStartTls.STARTTLS)) {
                    in.skipBytes(XmppStartTls.STARTTLS.length());
                    c.write(ascii(answer));
                    if (thenTls) {
                        c.startTls();
                    }
                }
            }
        });
    }

    @Test
    void proceedReachesTheCertificate() throws Exception {
        try (ScriptedServer s = prosody(XmppStartTlsTest.PROSODY_FEATURES, XmppStartTlsTest.PROCEED, true)) {
            ScanRecord r = StartTlsScans.scanOne(new XmppStartTls(), s.target("xmpp.lab.test"));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNotNull(r.certs());
            assertEquals(XmppStartTlsTest.PROSODY_HEADER, r.prelude().banner());
            assertEquals(true, r.prelude().starttlsAdvertised());
            assertEquals("proceed", r.prelude().replyCode());
            assertEquals(false, r.prelude().injection());
        }
    }

    @Test
    void failureIsStarttlsRejected() throws Exception {
        try (ScriptedServer s = prosody(XmppStartTlsTest.PROSODY_FEATURES, XmppStartTlsTest.FAILURE, false)) {
            ScanRecord r = StartTlsScans.scanOne(new XmppStartTls(), s.target("xmpp.lab.test"));
            assertEquals(Status.STARTTLS_REJECTED, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("failure", r.prelude().replyCode());
            assertEquals(true, r.prelude().starttlsAdvertised());
        }
    }

    @Test
    void noStarttlsFeatureIsUnsupported() throws Exception {
        try (ScriptedServer s = prosody(XmppStartTlsTest.NO_STARTTLS_FEATURES, "", false)) {
            ScanRecord r = StartTlsScans.scanOne(new XmppStartTls(), s.target("xmpp.lab.test"));
            assertEquals(Status.STARTTLS_UNSUPPORTED, r.status(), r.toString());
            assertEquals(false, r.prelude().starttlsAdvertised());
        }
    }

    @Test
    void aBareAddressIsServiceUnavailableWithTheCondition() throws Exception {
        try (ScriptedServer s = prosody(XmppStartTlsTest.PROSODY_FEATURES, XmppStartTlsTest.PROCEED, false)) {
            ScanRecord r = StartTlsScans.scanOne(new XmppStartTls(), s.target(null));
            assertEquals(Status.SERVICE_UNAVAILABLE, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("stream:error", r.prelude().replyCode());
            assertTrue(r.prelude().replyText().startsWith("improper-addressing"), r.prelude().replyText());
        }
    }

    @Test
    void garbageIsProtocolMismatch() throws Exception {
        try (ScriptedServer s = new ScriptedServer(64, null, (c, in) -> {
            in.skipBytes(in.readableBytes());
            c.write(ascii("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
        })) {
            ScanRecord r = StartTlsScans.scanOne(new XmppStartTls(), s.target("xmpp.lab.test"));
            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertNull(r.prelude().banner());
        }
    }

    @Test
    void aServerThatStopsAfterItsHeaderTimesOutInThePrelude() throws Exception {
        try (ScriptedServer s = prosody("", "", false)) {
            ScanRecord r = StartTlsScans.scanOne(new XmppStartTls(), s.target("xmpp.lab.test"));
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals(XmppStartTlsTest.PROSODY_HEADER, r.prelude().banner(), "the header was read");
            assertNull(r.prelude().starttlsAdvertised(), "never learnt");
        }
    }
}
