package io.tlsweep.core.lab;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A throw-away two-level PKI made in memory: a root CA and an intermediate CA, both EC P-256 and
 * SHA256withECDSA, valid from a day ago for ten years. Used by tests and by the {@code tlsweep demo}
 * lab at run time, so nothing opaque is ever checked in.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create("demo");
 * HeldCertificate leaf = pki.leaf().dnsNames("good.lab.test").ipAddresses("127.0.0.10").build();
 * Files.writeString(caFile, pki.root().certificatePem());     // for --ca-file
 * }</pre>
 *
 * Creating one costs two EC key pairs and two signatures (a few milliseconds).
 */
public final class TestPki {

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    /**
     * CAs predate their leaves, as real ones do: a leaf that expired last month must still chain to
     * an intermediate that was valid then, or an expired lab certificate would also read untrusted.
     */
    private static final Duration CA_BACKDATE = Duration.ofDays(3 * 365);

    private final String name;
    private final HeldCertificate root;
    private final HeldCertificate intermediate;

    private TestPki(String name, HeldCertificate root, HeldCertificate intermediate) {
        this.name = name;
        this.root = root;
        this.intermediate = intermediate;
    }

    /**
     * Makes a new PKI. {@code name} goes into the CA subjects ("CN=&lt;name&gt; Root CA, O=tlsweep lab")
     * so certificates from different labs are easy to tell apart.
     */
    public static TestPki create(String name) {
        Objects.requireNonNull(name, "name");
        Instant now = Instant.now();
        Instant notBefore = now.minus(CA_BACKDATE);
        Instant notAfter = now.plus(CA_LIFETIME);

        KeyPair rootKeys = CertificateMinter.ecP256();
        var rootSpec = new CertificateMinter.Spec(caName(name + " Root CA"), rootKeys.getPublic(),
                notBefore, notAfter, true, null);
        HeldCertificate root = new HeldCertificate(
                CertificateMinter.mint(rootSpec, null, rootKeys, "SHA256withECDSA"), rootKeys, null);

        HeldCertificate intermediate = newCa(name + " Intermediate CA", root, notBefore, notAfter);
        return new TestPki(name, root, intermediate);
    }

    /** Another CA under {@code issuer}, for tests that need a second intermediate or a sibling PKI branch. */
    public HeldCertificate newIntermediate(String commonName, HeldCertificate issuer) {
        Instant now = Instant.now();
        return newCa(commonName, issuer, now.minus(CA_BACKDATE), now.plus(CA_LIFETIME));
    }

    private static HeldCertificate newCa(String commonName, HeldCertificate issuer, Instant notBefore, Instant notAfter) {
        KeyPair keys = CertificateMinter.ecP256();
        Objects.requireNonNull(issuer, "issuer");
        var spec = new CertificateMinter.Spec(caName(commonName), keys.getPublic(), notBefore, notAfter, true, null);
        return new HeldCertificate(CertificateMinter.mint(spec, issuer.certificate(), issuer.keyPair(),
                CertificateMinter.defaultSignatureAlgorithm(issuer.keyPair().getPublic())), keys, issuer);
    }

    private static X500Name caName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "tlsweep lab") // DER order is most general first
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    public String name() {
        return name;
    }

    public HeldCertificate root() {
        return root;
    }

    public HeldCertificate intermediate() {
        return intermediate;
    }

    /** Starts a server certificate issued by {@link #intermediate()} unless told otherwise. */
    public LeafBuilder leaf() {
        return new LeafBuilder(intermediate);
    }
}
