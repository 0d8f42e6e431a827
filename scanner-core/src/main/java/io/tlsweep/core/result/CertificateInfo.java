package io.tlsweep.core.result;

import java.time.Instant;
import java.util.List;

/**
 * What one X.509 certificate says, as served. Produced by {@code CertificateAnalyzer}; every field
 * maps to one NDJSON field of the same name in snake_case (see docs/schema.md).
 *
 * @param subject            RFC 2253 distinguished name, may be empty (some CAs put names only in the SAN)
 * @param subjectCn          first CN of the subject, or null
 * @param issuer             RFC 2253 issuer DN
 * @param issuerCn           first CN of the issuer, or null
 * @param sanDns             subjectAltName dNSName entries, in certificate order
 * @param sanIp              subjectAltName iPAddress entries, canonical text form
 * @param sanEmail           subjectAltName rfc822Name entries
 * @param serial             serial number, lowercase hex without leading zeros
 * @param notBefore          validity start
 * @param notAfter           validity end
 * @param daysLeft           whole days from the scan time to notAfter (negative once expired)
 * @param keyAlgorithm       "RSA", "EC", "Ed25519", "Ed448", "DSA"
 * @param keySize            bits (RSA modulus, EC field size)
 * @param keyCurve           named curve for EC keys ("P-256"), else null
 * @param signatureAlgorithm JCA-style name, e.g. "SHA256withRSA"
 * @param sha256             SHA-256 of the DER encoding, lowercase hex
 * @param sha1               SHA-1 of the DER encoding, lowercase hex
 * @param isCa               basicConstraints cA=true
 * @param selfSigned         subject == issuer and the signature verifies with its own key
 * @param wildcard           any DNS name (SAN, or CN when no SAN) starts with "*."
 */
public record CertificateInfo(
        String subject,
        String subjectCn,
        String issuer,
        String issuerCn,
        List<String> sanDns,
        List<String> sanIp,
        List<String> sanEmail,
        String serial,
        Instant notBefore,
        Instant notAfter,
        long daysLeft,
        String keyAlgorithm,
        int keySize,
        String keyCurve,
        String signatureAlgorithm,
        String sha256,
        String sha1,
        boolean isCa,
        boolean selfSigned,
        boolean wildcard) {
}
