package io.tlsweep.core.lab;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A certificate together with its private key and the issuers that must be served with it.
 * Made by {@link TestPki} and {@link LeafBuilder}; immutable and safe to share between threads.
 *
 * <pre>{@code
 * HeldCertificate leaf = TestPki.create("demo").leaf().dnsNames("good.lab.test").build();
 * SslContextBuilder.forServer(leaf.keyPair().getPrivate(), leaf.chain().toArray(X509Certificate[]::new));
 * }</pre>
 */
public final class HeldCertificate {

    private final X509Certificate certificate;
    private final KeyPair keyPair;
    /** Null for a self-signed certificate: it is the top of its own chain. */
    private final HeldCertificate issuer;

    HeldCertificate(X509Certificate certificate, KeyPair keyPair, HeldCertificate issuer) {
        this.certificate = certificate;
        this.keyPair = keyPair;
        this.issuer = issuer;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /**
     * What a server should send: this certificate, then its issuers up to but excluding the
     * self-signed root (clients already hold the root; serving it is wasted bytes).
     * A self-signed certificate's chain is just itself.
     */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        for (HeldCertificate up = issuer; up != null && up.issuer != null; up = up.issuer) {
            chain.add(up.certificate);
        }
        return List.copyOf(chain);
    }

    /** This certificate as one PEM block. */
    public String certificatePem() {
        return pem(List.of(certificate));
    }

    /** {@link #chain()} as concatenated PEM blocks, leaf first: the usual server "fullchain" file. */
    public String chainPem() {
        return pem(chain());
    }

    /** The private key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), which Netty and OpenSSL both read. */
    public String privateKeyPem() {
        try {
            return pem(List.of(new JcaPKCS8Generator(keyPair.getPrivate(), null)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "HeldCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
