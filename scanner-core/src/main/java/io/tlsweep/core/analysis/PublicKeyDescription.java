package io.tlsweep.core.analysis;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Algorithm, size and curve of a certificate's public key, read from the raw SubjectPublicKeyInfo
 * rather than from {@code getPublicKey()}: the JDK cannot decode every key a server may send, and a
 * scanner must still say what it saw.
 *
 * @param algorithm "RSA", "RSASSA-PSS", "EC", "Ed25519", "Ed448", "DSA", or the dotted OID when unknown
 * @param bits      RSA modulus / DSA p / EC field size; Ed25519 256, Ed448 456; 0 when unknown
 * @param curve     NIST name ("P-256") or other registered name for EC keys, else null
 */
record PublicKeyDescription(String algorithm, int bits, String curve) {

    static PublicKeyDescription of(byte[] subjectPublicKeyInfo) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo);
        } catch (RuntimeException e) {
            return new PublicKeyDescription("unknown", 0, null);
        }
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return new PublicKeyDescription("RSA", rsaBits(info), null);
            }
            if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                return new PublicKeyDescription("RSASSA-PSS", rsaBits(info), null);
            }
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return ec(info.getAlgorithm().getParameters());
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return new PublicKeyDescription("Ed25519", 256, null);
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
                return new PublicKeyDescription("Ed448", 456, null);
            }
            if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
                ASN1Encodable params = info.getAlgorithm().getParameters();
                int bits = params == null ? 0 : DSAParameter.getInstance(params).getP().bitLength();
                return new PublicKeyDescription("DSA", bits, null);
            }
        } catch (RuntimeException | java.io.IOException e) {
            return new PublicKeyDescription(knownName(oid), 0, null); // malformed key material
        }
        return new PublicKeyDescription(oid.getId(), 0, null);
    }

    private static String knownName(ASN1ObjectIdentifier oid) {
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        }
        if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            return "DSA";
        }
        return oid.getId();
    }

    private static int rsaBits(SubjectPublicKeyInfo info) throws java.io.IOException {
        BigInteger modulus = RSAPublicKey.getInstance(info.parsePublicKey()).getModulus();
        return modulus.bitLength();
    }

    private static PublicKeyDescription ec(ASN1Encodable parameters) {
        if (parameters instanceof ASN1ObjectIdentifier curveOid) {
            X9ECParameters curve = ECNamedCurveTable.getByOID(curveOid);
            String name = NISTNamedCurves.getName(curveOid);
            if (name == null) {
                name = ECNamedCurveTable.getName(curveOid);
            }
            if (name == null) {
                name = curveOid.getId();
            }
            return new PublicKeyDescription("EC", curve == null ? 0 : curve.getCurve().getFieldSize(), name);
        }
        if (parameters != null && !(parameters instanceof org.bouncycastle.asn1.ASN1Null)) {
            // explicit curve parameters (RFC 5480 forbids them, some old devices still send them)
            X9ECParameters explicit = X9ECParameters.getInstance(parameters);
            return new PublicKeyDescription("EC", explicit.getCurve().getFieldSize(), null);
        }
        return new PublicKeyDescription("EC", 0, null);
    }
}
