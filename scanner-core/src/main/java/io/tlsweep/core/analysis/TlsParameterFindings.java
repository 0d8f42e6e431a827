package io.tlsweep.core.analysis;

import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.FindingCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Findings about the negotiated protocol version and cipher suite.
 *
 * <pre>{@code
 * List<Finding> findings = TlsParameterFindings.of(session.getProtocol(), session.getCipherSuite());
 * }</pre>
 *
 * Suites are recognised in both IANA/JSSE form ({@code TLS_RSA_WITH_RC4_128_MD5},
 * {@code SSL_DH_anon_WITH_3DES_EDE_CBC_SHA}) and OpenSSL form ({@code RC4-MD5}, {@code ADH-DES-CBC3-SHA}),
 * because Netty reports the OpenSSL name when it cannot convert one. The name is split into tokens
 * on '_' and '-' and judged by whole tokens, so "ECDSA" never reads as "DES".
 */
public final class TlsParameterFindings {

    /** Deprecated versions and the RFC that deprecates them (RFC 8996 for TLS 1.0/1.1). */
    private static final Map<String, String> DEPRECATED_PROTOCOLS = Map.of(
            "SSLv2", "RFC 6176",
            "SSLv2Hello", "RFC 6176",
            "SSLv3", "RFC 7568",
            "TLSv1", "RFC 8996",
            "TLSv1.0", "RFC 8996",
            "TLSv1.1", "RFC 8996");

    private TlsParameterFindings() {
    }

    /** Both arguments may be null (not negotiated); neither ever makes this throw. */
    public static List<Finding> of(String protocolVersion, String cipherSuite) {
        List<Finding> findings = new ArrayList<>(2);
        if (protocolVersion != null) {
            String rfc = DEPRECATED_PROTOCOLS.get(protocolVersion.trim());
            if (rfc != null) {
                findings.add(Finding.of(FindingCode.DEPRECATED_PROTOCOL,
                        protocolVersion.trim() + " is deprecated (" + rfc + ")"));
            }
        }
        if (cipherSuite != null) {
            Set<String> reasons = weakCipherReasons(cipherSuite);
            if (!reasons.isEmpty()) {
                findings.add(Finding.of(FindingCode.WEAK_CIPHER,
                        cipherSuite.trim() + ": " + String.join(", ", reasons)));
            }
        }
        return List.copyOf(findings);
    }

    /** Why a suite is weak, in a fixed order; empty when it is not. */
    static Set<String> weakCipherReasons(String cipherSuite) {
        Set<String> reasons = new LinkedHashSet<>();
        String[] tokens = cipherSuite.trim().toUpperCase(Locale.ROOT).split("[_-]+");
        for (String token : tokens) {
            switch (token) {
                case "NULL", "ENULL" -> reasons.add("no encryption (NULL)");
                case "EXP", "EXPORT", "EXPORT1024", "EXPORT40" -> reasons.add("export-grade (EXPORT)");
                case "ANON", "ADH", "AECDH" -> reasons.add("unauthenticated key exchange (anon)");
                case "RC4" -> reasons.add("RC4 stream cipher");
                case "DES", "DES40", "3DES", "DES3", "CBC3" -> reasons.add("DES/3DES block cipher");
                default -> { }
            }
        }
        if (tokens.length > 1 && "MD5".equals(tokens[tokens.length - 1])) {
            reasons.add("MD5 MAC");
        }
        return reasons;
    }
}
