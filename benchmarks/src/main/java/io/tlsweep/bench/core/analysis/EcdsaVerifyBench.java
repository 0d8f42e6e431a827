package io.tlsweep.bench.core.analysis;

import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The primitive that dominates {@link CertificateAnalyzerBench#goodChain}: one SHA256withECDSA P-256
 * signature check of a leaf certificate by its issuer's key, with the JDK's SunEC (what
 * {@code X509Certificate.verify(key)} uses, hence what the analyzer and the JDK PKIX builder pay) and
 * with BouncyCastle (already on the class path). The signature and key objects are made per op, as
 * {@code verify} does, so no provider-side caching can flatter either.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EcdsaVerifyBench {

    @Param({"SunEC", "BC"})
    public String provider;

    private java.security.Provider jca;
    private byte[] tbs;
    private byte[] signature;
    private PublicKey issuerKey;
    private String algorithm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        jca = provider.equals("BC") ? new BouncyCastleProvider() : java.security.Security.getProvider(provider);
        TestPki pki = TestPki.create("verify bench");
        HeldCertificate leaf = pki.leaf().dnsNames("verify.bench.tlsweep.test").build();
        X509Certificate cert = leaf.certificate();
        tbs = cert.getTBSCertificate();
        signature = cert.getSignature();
        algorithm = cert.getSigAlgName();
        issuerKey = pki.intermediate().certificate().getPublicKey();
        if (!verify()) {
            throw new IllegalStateException("the leaf's signature does not verify with " + provider);
        }
    }

    @Benchmark
    public boolean verify() throws Exception {
        Signature check = Signature.getInstance(algorithm, jca);
        check.initVerify(issuerKey);
        check.update(tbs);
        return check.verify(signature);
    }
}
