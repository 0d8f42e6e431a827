package io.tlsweep.core.tls;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers the TLS alert name (RFC 8446 section 6 spelling, e.g. {@code handshake_failure}) from the
 * exception a provider throws when the peer sends a fatal alert. BoringSSL reports
 * {@code ...:SSLV3_ALERT_HANDSHAKE_FAILURE} / {@code TLSV1_ALERT_PROTOCOL_VERSION} /
 * {@code TLSV1_CERTIFICATE_REQUIRED}; JSSE reports {@code Received fatal alert: handshake_failure}.
 */
public final class TlsAlerts {

    private static final Pattern BORINGSSL = Pattern.compile(
            "(?:SSLV3_ALERT|TLSV1_ALERT|TLSV13_ALERT)_([A-Z0-9_]+)|TLSV1_(CERTIFICATE_REQUIRED|UNRECOGNIZED_NAME)");
    private static final Pattern JDK = Pattern.compile("Received fatal alert: ([a-z0-9_]+)");

    private TlsAlerts() {
    }

    /** The alert name the peer sent, or null when the message does not describe a received alert. */
    public static String receivedAlert(String message) {
        if (message == null) {
            return null;
        }
        Matcher jdk = JDK.matcher(message);
        if (jdk.find()) {
            return jdk.group(1);
        }
        Matcher boring = BORINGSSL.matcher(message);
        if (boring.find()) {
            String name = boring.group(1) != null ? boring.group(1) : boring.group(2);
            return name.toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
