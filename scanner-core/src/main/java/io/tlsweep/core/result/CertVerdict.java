package io.tlsweep.core.result;

/**
 * Verdicts on the leaf and the served chain. Each false verdict also appears as a {@link Finding}.
 *
 * @param nameChecked   the name the leaf was matched against: the SNI/hostname, or the IP literal
 *                      for bare-IP targets
 * @param hostnameMatch RFC 6125 match of {@code nameChecked} against the leaf
 * @param expired       now is after notAfter
 * @param notYetValid   now is before notBefore
 * @param selfSigned    the leaf is self-signed
 * @param trusted       the served chain validates (PKIX, no fetching) to a trust anchor
 * @param chainComplete the served chain reaches a trust anchor or a self-signed root without fetching
 * @param chainOrdered  each served certificate after the leaf certifies the one before it, with no extras
 */
public record CertVerdict(
        String nameChecked,
        boolean hostnameMatch,
        boolean expired,
        boolean notYetValid,
        boolean selfSigned,
        boolean trusted,
        boolean chainComplete,
        boolean chainOrdered) {
}
