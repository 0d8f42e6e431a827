package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import java.util.List;

/**
 * What an enumeration found: the record's {@code enum} object, the findings it adds, and the
 * certificate chain a TLS 1.2-or-older answer carried in the clear (DER, in the order sent; empty
 * when none did). The record uses that chain only when the probe's own handshake brought none, for
 * instance when the server accepts only versions or suites the scanner's TLS library refuses.
 */
public record EnumerationOutcome(EnumerationInfo info, List<Finding> findings, List<byte[]> chain) {

    public EnumerationOutcome {
        findings = List.copyOf(findings);
        chain = List.copyOf(chain);
    }

    /** An outcome without a chain read in the clear. */
    public EnumerationOutcome(EnumerationInfo info, List<Finding> findings) {
        this(info, findings, List.of());
    }
}
