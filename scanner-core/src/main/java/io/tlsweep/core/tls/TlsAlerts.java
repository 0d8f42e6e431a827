package io.tlsweep.core.tls;

import java.util.Locale;
import java.util.Map;
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

    /**
     * Alert names by number (RFC 8446 section 6, plus the TLS 1.2 ones still seen). QUIC carries a
     * TLS alert as CONNECTION_CLOSE error 0x100 + the alert number (RFC 9001 section 4.8), so a QUIC
     * probe has the number, not a provider's message.
     */
    private static final Map<Integer, String> BY_NUMBER = Map.ofEntries(
            Map.entry(0, "close_notify"), Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"),
            Map.entry(21, "decryption_failed"), Map.entry(22, "record_overflow"),
            Map.entry(30, "decompression_failure"), Map.entry(40, "handshake_failure"),
            Map.entry(41, "no_certificate"), Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"), Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"), Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"), Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"), Map.entry(51, "decrypt_error"), Map.entry(60, "export_restriction"),
            Map.entry(70, "protocol_version"), Map.entry(71, "insufficient_security"),
            Map.entry(80, "internal_error"), Map.entry(86, "inappropriate_fallback"),
            Map.entry(90, "user_canceled"), Map.entry(100, "no_renegotiation"), Map.entry(109, "missing_extension"),
            Map.entry(110, "unsupported_extension"), Map.entry(111, "certificate_unobtainable"),
            Map.entry(112, "unrecognized_name"), Map.entry(113, "bad_certificate_status_response"),
            Map.entry(114, "bad_certificate_hash_value"), Map.entry(115, "unknown_psk_identity"),
            Map.entry(116, "certificate_required"), Map.entry(120, "no_application_protocol"));

    private TlsAlerts() {
    }

    /** The RFC name of alert number {@code alert} (0-255), or {@code alert_<n>} for one without a name. */
    public static String name(int alert) {
        String name = BY_NUMBER.get(alert);
        return name != null ? name : "alert_" + alert;
    }

    /**
     * Longest alert name returned: the longest RFC name has 31 characters; the message is free
     * text, and the name goes into the record's {@code error}, which is one bounded line.
     */
    static final int MAX_NAME = 64;

    /** The alert name the peer sent (at most {@link #MAX_NAME} characters), or null when the message does not describe a received alert. */
    public static String receivedAlert(String message) {
        if (message == null) {
            return null;
        }
        Matcher jdk = JDK.matcher(message);
        if (jdk.find()) {
            return clip(jdk.group(1));
        }
        Matcher boring = BORINGSSL.matcher(message);
        if (boring.find()) {
            String name = boring.group(1) != null ? boring.group(1) : boring.group(2);
            return clip(name.toLowerCase(Locale.ROOT));
        }
        return null;
    }

    private static String clip(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }
}
