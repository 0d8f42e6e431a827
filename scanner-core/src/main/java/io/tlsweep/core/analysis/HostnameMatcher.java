package io.tlsweep.core.analysis;

import io.netty.util.NetUtil;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6125 matching of the name a client asked for against a certificate's identifiers. This is
 * the check a browser makes after the chain validates; tlsweep does it itself because the TLS layer
 * runs with a trust-all manager to see every certificate.
 *
 * <ul>
 *   <li>DNS names compare ASCII case-insensitively; one trailing dot on either side is ignored.</li>
 *   <li>A wildcard counts only as the whole leftmost label ({@code *.example.com}): it matches exactly
 *       one non-empty label, so not {@code example.com} and not {@code a.b.example.com}. Partial-label
 *       wildcards ({@code f*.example.com}, {@code *x.example.com}), wildcards in other labels, and a
 *       wildcard over a single-label suffix ({@code *.com}) never match. Without a public-suffix list,
 *       {@code *.co.uk} is not caught: that is for the CA/B Forum rules to stop, not a TLS client.</li>
 *   <li>IDN: names are compared as sent. A-labels ({@code xn--...}) are plain ASCII labels; a U-label
 *       target is not converted, so callers pass A-labels (SNI always carries them).</li>
 *   <li>An IP literal target (v4 or v6, brackets allowed) matches only iPAddress SAN entries, by
 *       address bytes, so {@code ::1} equals {@code 0:0:0:0:0:0:0:1}. Never a DNS SAN or the CN.</li>
 *   <li>The subject CN is consulted only when the certificate has no dNSName SAN at all.</li>
 * </ul>
 *
 * Pure functions, no DNS lookups, safe from any thread.
 */
public final class HostnameMatcher {

    private HostnameMatcher() {
    }

    /**
     * @param target     the SNI/hostname or the IP literal the client asked for; null or blank never matches
     * @param dnsNames   dNSName SAN entries
     * @param ipAddresses iPAddress SAN entries in any text form {@link NetUtil} parses
     * @param commonName the subject's first CN, or null
     */
    public static boolean matches(String target, List<String> dnsNames, List<String> ipAddresses, String commonName) {
        if (target == null || target.isBlank()) {
            return false;
        }
        byte[] targetIp = ipBytes(target);
        if (targetIp != null) {
            for (String san : ipAddresses) {
                byte[] sanIp = ipBytes(san);
                if (sanIp != null && Arrays.equals(targetIp, sanIp)) {
                    return true;
                }
            }
            return false;
        }
        if (!dnsNames.isEmpty()) {
            for (String san : dnsNames) {
                if (matchesDnsName(target, san)) {
                    return true;
                }
            }
            return false;
        }
        return commonName != null && matchesDnsName(target, commonName);
    }

    /** The address bytes of an IP literal (optionally in [brackets]), or null when it is not one. */
    static byte[] ipBytes(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.length() > 2 && text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1)
                : text;
        return NetUtil.createByteArrayFromIpAddressString(literal);
    }

    /** RFC 6125 section 6.4 match of one reference host name against one presented DNS identifier. */
    public static boolean matchesDnsName(String host, String pattern) {
        if (host == null || pattern == null) {
            return false;
        }
        String name = normalize(host);
        String presented = normalize(pattern);
        if (name.isEmpty() || presented.isEmpty() || name.indexOf('*') >= 0 || hasEmptyLabel(name)
                || hasEmptyLabel(presented)) {
            return false;
        }
        if (presented.indexOf('*') < 0) {
            return name.equals(presented);
        }
        if (!presented.startsWith("*.") || presented.indexOf('*', 1) >= 0) {
            return false; // partial-label or non-leftmost wildcard
        }
        String suffix = presented.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false; // "*.com": a wildcard over a whole top-level domain
        }
        int firstDot = name.indexOf('.');
        return firstDot > 0 && name.substring(firstDot).equals(suffix);
    }

    private static boolean hasEmptyLabel(String name) {
        return name.startsWith(".") || name.endsWith(".") || name.contains("..");
    }

    /** ASCII lower case (never locale folding of non-ASCII), one trailing dot dropped. */
    private static String normalize(String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        StringBuilder lower = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }
}
