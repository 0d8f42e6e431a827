package io.tlsweep.core.result;

import java.util.List;

/**
 * Everything the analyzer says about a served chain.
 *
 * @param leaf     the first certificate the server sent
 * @param chain    the certificates the server sent after the leaf, in the order sent
 * @param verdict  verdicts on leaf and chain
 * @param findings certificate findings (the TLS-parameter findings are added by the engine)
 */
public record ChainReport(CertificateInfo leaf, List<CertificateInfo> chain, CertVerdict verdict,
                          List<Finding> findings) {
}
