package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import java.util.List;

/** What an enumeration found: the record's {@code enum} object and the findings it adds. */
public record EnumerationOutcome(EnumerationInfo info, List<Finding> findings) {

    public EnumerationOutcome {
        findings = List.copyOf(findings);
    }
}
