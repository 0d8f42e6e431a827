package io.tlsweep.protocols.postgres;

import static io.tlsweep.protocols.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.fingerprint.ServerHelloFingerprints;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.tls.wire.ServerHello;
import io.tlsweep.protocols.testing.ScriptedServer;
import io.tlsweep.core.lab.fake.SentServerHello;
import io.tlsweep.protocols.testing.StartTlsScans;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * JA3S/JA4S after a STARTTLS prelude: the capture goes in front of the SslHandler only once the
 * upgrade is agreed, so the prelude's plaintext never reaches the fingerprint. The fake postmaster
 * parses the ServerHello it writes below its own TLS handler; the record must carry its fingerprints.
 */
class PostgresFingerprintTest {

    @Test
    void fingerprintsAfterSslRequestAreThoseOfTheServerHelloSent() throws Exception {
        SentServerHello recorder = new SentServerHello();
        try (ScriptedServer server = new ScriptedServer(63, StartTlsScans.serverTls("TLSv1.2"), (c, in) -> {
            if (in.readableBytes() >= 8) {
                in.skipBytes(8);
                c.write(ascii("S"));
                c.startTls(recorder);
            }
        })) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(StartTlsScans.SERVER_NAME));
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            ServerHello sent = recorder.hello.get(10, TimeUnit.SECONDS);
            assertNotNull(r.fingerprints(), r.toString());
            assertEquals(ServerHelloFingerprints.of(sent), r.fingerprints());
            assertTrue(r.fingerprints().ja4s().startsWith("t12"), r.fingerprints().ja4s());
        }
    }

    @Test
    void noUpgradeNoFingerprints() throws Exception {
        try (ScriptedServer server = new ScriptedServer(63, null, (c, in) -> {
            if (in.readableBytes() >= 8) {
                in.skipBytes(8);
                c.write(ascii("N"));
            }
        })) {
            ScanRecord r = StartTlsScans.scanOne(new PostgresStartTls(), server.target(null));
            assertEquals(Status.STARTTLS_UNSUPPORTED, r.status(), r.toString());
            assertNull(r.fingerprints());
        }
    }
}
