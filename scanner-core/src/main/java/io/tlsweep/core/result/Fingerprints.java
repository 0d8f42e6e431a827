package io.tlsweep.core.result;

/**
 * Fingerprints of the endpoint (TCP only; see docs/fingerprints.md): of the ServerHello the server
 * sent in the probe's own handshake, and the endpoint's JARM under {@code --jarm}. The record carries
 * null instead when there is neither.
 *
 * @param ja3s    JA3S: MD5 of {@code ja3sRaw}, 32 lowercase hex digits; null when no ServerHello was seen
 * @param ja3sRaw the JA3S string {@code SSLVersion,Cipher,Extensions} (decimal); null likewise
 * @param ja4s    FoxIO's JA4S, e.g. {@code t130200_1301_234ea6891581}; null likewise
 * @param jarm    the endpoint's JARM, 62 lowercase hex digits as the reference prints it (all zeros:
 *                the server answered no probe); null without {@code --jarm} or when JARM did not run
 *                or did not finish
 */
public record Fingerprints(String ja3s, String ja3sRaw, String ja4s, String jarm) {

    /** The ServerHello's fingerprints alone (no JARM). */
    public Fingerprints(String ja3s, String ja3sRaw, String ja4s) {
        this(ja3s, ja3sRaw, ja4s, null);
    }

    /**
     * {@code base} with {@code jarm} added: a new object with the ServerHello fields null when
     * {@code base} is null; {@code base} itself when {@code jarm} is null.
     */
    public static Fingerprints withJarm(Fingerprints base, String jarm) {
        if (jarm == null) {
            return base;
        }
        return base == null ? new Fingerprints(null, null, null, jarm)
                : new Fingerprints(base.ja3s(), base.ja3sRaw(), base.ja4s(), jarm);
    }
}
