package io.tlsweep.core.result;

import java.util.List;

/**
 * Which certificate an address:port serves for which name ({@code --sni-names}, {@code --sni-matrix}).
 * Carried by the record of the probe without SNI; null on every other record.
 *
 * @param defaultCert the SHA-256 of the leaf served without SNI, or null when none was served
 * @param sniRequired no certificate came without SNI while at least one name got one
 * @param names       one entry per name probed, in the order given
 * @param certs       the distinct leaves seen (deduplicated by SHA-256), first-seen order
 */
public record SniMatrix(String defaultCert, boolean sniRequired, List<NameResult> names, List<ServedCert> certs) {

    /**
     * @param sni        the name sent
     * @param status     that probe's status wire name
     * @param certSha256 the leaf served for it, or null
     */
    public record NameResult(String sni, String status, String certSha256) {
    }

    /**
     * @param sha256    the leaf's SHA-256 (lowercase hex, as {@code cert.sha256})
     * @param subjectCn the leaf's subject CN, or null
     * @param sanDns    the leaf's DNS SANs
     * @param isDefault served without SNI
     * @param snis      the names it was served for
     */
    public record ServedCert(String sha256, String subjectCn, List<String> sanDns, boolean isDefault,
                             List<String> snis) {
    }
}
