package io.tlsweep.core.result;

import java.util.List;

/**
 * What the server accepts at one protocol version.
 *
 * @param version     "TLSv1.2" etc. (the records' spelling)
 * @param suites      accepted cipher suites by IANA name; with {@code serverOrder} true, in the
 *                    server's order of preference, else in the order they were found
 * @param suitesComplete true when every candidate suite was tried ({@code full}); false when only
 *                    some were ({@code fast}: the preferred suite and any weak one)
 * @param serverOrder true when the server picks by its own order, false when it follows the
 *                    client's, null when it could not be told (fewer than two suites)
 * @param preferred   the suite the server picks from the full candidate list, or null
 * @param groups      key-exchange groups accepted at this version, by IANA name (TLS 1.3: from
 *                    HelloRetryRequest; TLS 1.2 and older: from ServerKeyExchange of an ECDHE suite);
 *                    in the server's order when it has one; empty when none were tried
 * @param dhBits      the finite-field DH prime size of a DHE suite's ServerKeyExchange, or null
 */
public record VersionEnumeration(String version, List<String> suites, boolean suitesComplete,
                                 Boolean serverOrder, String preferred, List<String> groups, Integer dhBits) {

    public VersionEnumeration {
        suites = List.copyOf(suites);
        groups = List.copyOf(groups);
    }
}
