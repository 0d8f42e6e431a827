package io.tlsweep.protocols.ldap;

import java.util.Map;

/**
 * LDAP resultCode names (RFC 4511 section 4.1.9 and appendix A, plus RFC 3909's cancel codes and
 * RFC 4528's assertionFailed): {@code reply_text} carries the name so an operator need not look up
 * what 53 means.
 */
final class LdapResultCodes {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "success"),
            Map.entry(1, "operationsError"),
            Map.entry(2, "protocolError"),
            Map.entry(3, "timeLimitExceeded"),
            Map.entry(4, "sizeLimitExceeded"),
            Map.entry(5, "compareFalse"),
            Map.entry(6, "compareTrue"),
            Map.entry(7, "authMethodNotSupported"),
            Map.entry(8, "strongerAuthRequired"),
            Map.entry(10, "referral"),
            Map.entry(11, "adminLimitExceeded"),
            Map.entry(12, "unavailableCriticalExtension"),
            Map.entry(13, "confidentialityRequired"),
            Map.entry(14, "saslBindInProgress"),
            Map.entry(16, "noSuchAttribute"),
            Map.entry(17, "undefinedAttributeType"),
            Map.entry(18, "inappropriateMatching"),
            Map.entry(19, "constraintViolation"),
            Map.entry(20, "attributeOrValueExists"),
            Map.entry(21, "invalidAttributeSyntax"),
            Map.entry(32, "noSuchObject"),
            Map.entry(33, "aliasProblem"),
            Map.entry(34, "invalidDNSyntax"),
            Map.entry(36, "aliasDereferencingProblem"),
            Map.entry(48, "inappropriateAuthentication"),
            Map.entry(49, "invalidCredentials"),
            Map.entry(50, "insufficientAccessRights"),
            Map.entry(51, "busy"),
            Map.entry(52, "unavailable"),
            Map.entry(53, "unwillingToPerform"),
            Map.entry(54, "loopDetect"),
            Map.entry(64, "namingViolation"),
            Map.entry(65, "objectClassViolation"),
            Map.entry(66, "notAllowedOnNonLeaf"),
            Map.entry(67, "notAllowedOnRDN"),
            Map.entry(68, "entryAlreadyExists"),
            Map.entry(69, "objectClassModsProhibited"),
            Map.entry(71, "affectsMultipleDSAs"),
            Map.entry(80, "other"),
            Map.entry(118, "canceled"),
            Map.entry(119, "noSuchOperation"),
            Map.entry(120, "tooLate"),
            Map.entry(121, "cannotCancel"),
            Map.entry(122, "assertionFailed"));

    private LdapResultCodes() {
    }

    /** The RFC name of {@code code}, or "resultCode N" for one no RFC here names. */
    static String name(long code) {
        String n = code >= 0 && code <= Integer.MAX_VALUE ? NAMES.get((int) code) : null;
        return n != null ? n : "resultCode " + code;
    }
}
