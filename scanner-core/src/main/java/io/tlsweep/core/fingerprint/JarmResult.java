package io.tlsweep.core.fingerprint;

import java.util.List;

/**
 * One endpoint's JARM.
 *
 * @param hash     the 62-character fingerprint (62 zeros: nothing answered, or a probe timed out)
 * @param raw      the reference's raw string: the ten answers joined by ","
 * @param answers  the answer of each probe in {@link JarmProbeSpec#PROBES} order; after a timeout
 *                 only the probes actually sent, the last one "TIMEOUT"
 * @param timedOut true when a probe got no byte within the timeout: as in the reference, the whole
 *                 JARM then counts as failed and the remaining probes are not sent
 */
public record JarmResult(String hash, String raw, List<String> answers, boolean timedOut) {

    public JarmResult {
        answers = List.copyOf(answers);
    }

    /** The result of the ten answers (no timeout). */
    static JarmResult of(List<String> answers) {
        String raw = String.join(",", answers);
        return new JarmResult(JarmHash.of(raw), raw, answers, false);
    }

    /** The reference's result once a probe timed out: the all-failed string, whatever came before. */
    static JarmResult timedOut(List<String> sentSoFar) {
        return new JarmResult(JarmHash.ZERO, JarmHash.ALL_FAILED, sentSoFar, true);
    }
}
