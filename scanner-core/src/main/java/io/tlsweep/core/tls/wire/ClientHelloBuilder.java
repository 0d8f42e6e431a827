package io.tlsweep.core.tls.wire;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ClientHelloSpec}. Defaults: record version TLS 1.0 (what browsers send),
 * hello version TLS 1.2, a fresh random, an empty session id, null compression only, no suites,
 * no extensions.
 *
 * <pre>{@code
 * byte[] hello = ClientHelloSpec.builder()
 *         .helloVersion(TlsVersion.TLS1_2)
 *         .cipherSuites(List.of(0xc02f, 0x009c, CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV))
 *         .extension(Extensions.serverName("example.test"))
 *         .extension(Extensions.supportedGroups(List.of(NamedGroups.X25519, NamedGroups.SECP256R1)))
 *         .build()
 *         .toRecord();
 * }</pre>
 */
public final class ClientHelloBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private int recordVersion = TlsVersion.TLS1_0;
    private int helloVersion = TlsVersion.TLS1_2;
    private byte[] random;
    private byte[] sessionId = new byte[0];
    private final List<Integer> cipherSuites = new ArrayList<>();
    private byte[] compressionMethods = {0};
    private final List<Extension> extensions = new ArrayList<>();
    private boolean omitExtensionsBlock;

    ClientHelloBuilder() {
    }

    public ClientHelloBuilder recordVersion(int version) {
        this.recordVersion = version;
        return this;
    }

    public ClientHelloBuilder helloVersion(int version) {
        this.helloVersion = version;
        return this;
    }

    /** The 32-byte client random; unset means a fresh SecureRandom one at {@link #build()}. */
    public ClientHelloBuilder random(byte[] random) {
        this.random = random.clone();
        return this;
    }

    public ClientHelloBuilder sessionId(byte[] sessionId) {
        this.sessionId = sessionId.clone();
        return this;
    }

    /** Replaces the suite list; SCSVs and GREASE values go in as any suite, where the caller puts them. */
    public ClientHelloBuilder cipherSuites(List<Integer> suites) {
        cipherSuites.clear();
        cipherSuites.addAll(suites);
        return this;
    }

    public ClientHelloBuilder compressionMethods(byte... methods) {
        this.compressionMethods = methods.clone();
        return this;
    }

    /** Appends one extension; the wire order is the order of these calls. */
    public ClientHelloBuilder extension(Extension extension) {
        extensions.add(extension);
        return this;
    }

    public ClientHelloBuilder extensions(List<Extension> list) {
        extensions.addAll(list);
        return this;
    }

    /** Sends no extensions length at all, as SSLv3 clients did (only valid without extensions). */
    public ClientHelloBuilder omitExtensionsBlock(boolean omit) {
        this.omitExtensionsBlock = omit;
        return this;
    }

    public ClientHelloSpec build() {
        byte[] r = random;
        if (r == null) {
            r = new byte[32];
            RANDOM.nextBytes(r);
        }
        return new ClientHelloSpec(recordVersion, helloVersion, r, sessionId, cipherSuites, compressionMethods,
                extensions, omitExtensionsBlock);
    }
}
