package io.tlsweep.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TlsAlertsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE|handshake_failure",
        "error:1000046a:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION|protocol_version",
        "error:100000458:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNRECOGNIZED_NAME|unrecognized_name",
        "error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE|bad_certificate",
        "error:1000045c:SSL routines:OPENSSL_internal:TLSV1_CERTIFICATE_REQUIRED|certificate_required",
        "error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA|unknown_ca",
        "Received fatal alert: handshake_failure|handshake_failure",
        "Received fatal alert: certificate_required|certificate_required",
        "Received fatal alert: protocol_version|protocol_version",
    })
    void namesTheAlert(String message, String alert) {
        assertEquals(alert, TlsAlerts.receivedAlert(message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER",
        "Connection reset by peer",
        "General OpenSslEngine problem",
    })
    void otherFailuresAreNotAlerts(String message) {
        assertNull(TlsAlerts.receivedAlert(message));
    }

    @Test
    void randomTextNeverThrows() {
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            char[] c = new char[r.nextInt(80)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (char) r.nextInt(0x3000);
            }
            TlsAlerts.receivedAlert(new String(c));
        }
        assertNull(TlsAlerts.receivedAlert(null));
    }

    /** The name is free text from the provider's message; it reaches the record's error bounded. */
    @Test
    void aLongNameIsCut() {
        String name = "a".repeat(5000);
        assertEquals(TlsAlerts.MAX_NAME, TlsAlerts.receivedAlert("Received fatal alert: " + name).length());
        assertEquals(TlsAlerts.MAX_NAME, TlsAlerts.receivedAlert("SSLV3_ALERT_" + name.toUpperCase()).length());
    }

    @Test
    void alertNumbersHaveTheirRfcNames() {
        // QUIC carries alerts as numbers: CONNECTION_CLOSE 0x100 + alert (RFC 9001 section 4.8).
        assertEquals("no_application_protocol", TlsAlerts.name(120));
        assertEquals("handshake_failure", TlsAlerts.name(40));
        assertEquals("certificate_required", TlsAlerts.name(116));
        assertEquals("unrecognized_name", TlsAlerts.name(112));
        assertEquals("alert_250", TlsAlerts.name(250));
    }
}
