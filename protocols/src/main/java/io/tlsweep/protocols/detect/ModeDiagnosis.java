package io.tlsweep.protocols.detect;

import io.tlsweep.core.engine.ModeObservation;
import io.tlsweep.core.result.Status;
import io.tlsweep.protocols.PortEntry;

/**
 * Says, in one sentence, when what a port speaks is not what the port promises: the most common
 * cause of "TLS is broken" tickets (implicit TLS spoken to a STARTTLS port, plaintext on 465, SSH on
 * 443). Pure function of the catalogue entry and what one or two attempts saw; null when the port
 * speaks what it should or nothing can be said.
 */
public final class ModeDiagnosis {

    private ModeDiagnosis() {
    }

    /**
     * @param port     the port probed
     * @param expected the catalogue entry for it, or null when the port is not catalogued
     * @param earlier  the first attempt when mode detection made a second one, else null
     * @param last     the attempt the record reports
     */
    public static String diagnose(int port, PortEntry expected, ModeObservation earlier, ModeObservation last) {
        ModeObservation first = earlier != null ? earlier : last;
        String spoken = spokenPlaintext(first);
        if ("ssh".equals(spoken) && port == 22) {
            return "22 is SSH (SFTP), not TLS";
        }
        if (expected == null) {
            // Uncatalogued port: no promise to break, but how TLS is reached there is worth a sentence.
            if (earlier != null && last.protocol() != null && last.tlsVersion() != null) {
                return port + " is not a catalogued TLS port; the server speaks "
                        + BannerClassifier.displayName(last.protocol()) + " and upgrades to TLS in-protocol";
            }
            if (spoken == null || spoken.equals("tls")) {
                return null;
            }
            return port + (spoken.equals("ssh") ? " answers SSH" : " answers plaintext "
                    + BannerClassifier.displayName(spoken)) + ", not TLS";
        }
        String promise = promise(port, expected);
        switch (expected.mode()) {
            case IMPLICIT, QUIC -> {
                if (spoken == null || spoken.equals("tls")) {
                    return null;
                }
                // SSH is not plaintext, just not TLS
                String sentence = promise + (spoken.equals("ssh") ? "; the server speaks SSH"
                        : "; the server speaks plaintext " + BannerClassifier.displayName(spoken));
                if (earlier != null && last.protocol() != null) {
                    sentence += upgradeNote(last);
                }
                return sentence;
            }
            case STARTTLS -> {
                if (earlier != null && "implicit".equals(last.tlsMode()) && last.tlsVersion() != null) {
                    return promise + "; the server speaks implicit TLS";
                }
                if (last.status() == Status.STARTTLS_UNSUPPORTED) {
                    return port + " offers no TLS upgrade: this "
                            + BannerClassifier.displayName(expected.protocol()) + " server speaks plaintext only";
                }
                if (last.status() == Status.PROTOCOL_MISMATCH && last.prelude() != null) {
                    String other = BannerClassifier.classify(last.prelude().banner());
                    if (other != null && !other.equals(expected.protocol())) {
                        return promise + "; the server speaks " + BannerClassifier.displayName(other);
                    }
                }
                if (spoken != null && !spoken.equals(expected.protocol()) && !spoken.equals("tls")) {
                    return promise + "; the server speaks " + BannerClassifier.displayName(spoken);
                }
                return null;
            }
            case NONE -> {
                if (last.tlsVersion() != null) {
                    return port + " is plaintext " + BannerClassifier.displayName(expected.protocol())
                            + " by convention; the server speaks TLS";
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The plaintext protocol an attempt met instead of TLS, from its first bytes or banner. */
    private static String spokenPlaintext(ModeObservation o) {
        if (o.status() == Status.NOT_TLS) {
            return BannerClassifier.classify(o.firstBytes());
        }
        return null;
    }

    private static String promise(int port, PortEntry e) {
        return switch (e.mode()) {
            case IMPLICIT -> port + " expects implicit TLS";
            case QUIC -> port + " expects QUIC";
            case STARTTLS -> port + " expects " + BannerClassifier.displayName(e.protocol()) + " with STARTTLS";
            case NONE -> port + " is plaintext";
        };
    }

    private static String upgradeNote(ModeObservation last) {
        if (last.tlsVersion() != null) {
            return " and offers STARTTLS";
        }
        if (last.status() == Status.STARTTLS_UNSUPPORTED) {
            return " without STARTTLS";
        }
        return " (its STARTTLS attempt ended " + last.status().wire() + ")";
    }
}
