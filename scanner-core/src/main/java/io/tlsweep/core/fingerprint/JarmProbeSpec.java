package io.tlsweep.core.fingerprint;

import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.List;

/**
 * One of JARM's ten ClientHellos, as the reference implementation (salesforce/jarm, jarm.py
 * {@code main()}) defines them. The fields are its probe array's columns.
 *
 * @param name            the reference's variable name, for logs and docs
 * @param version         "TLS_1.3" hellos say 0x0303 in the hello and 0x0301 in the record
 * @param withTls13Suites the reference's "ALL" list; false is "NO1.3" (the TLS 1.3 suites left out)
 * @param suiteOrder      how the suite list is reordered
 * @param grease          GREASE first in suites, as the first extension, in key_share and supported_versions
 * @param rareAlpn        the ALPN list without http/1.1 and h2 (and, as in the reference, without spdy/3's h2)
 * @param supportedVersions NONE, UP_TO_1_2 (0x0301–0x0303) or UP_TO_1_3 (0x0301–0x0304)
 * @param listOrder       FORWARD or REVERSE, applied to the ALPN and supported_versions lists
 */
public record JarmProbeSpec(String name, int version, boolean withTls13Suites, CipherOrder suiteOrder,
                            boolean grease, boolean rareAlpn, SupportedVersions supportedVersions,
                            CipherOrder listOrder) {

    /** The supported_versions extension a probe carries. */
    public enum SupportedVersions { NONE, UP_TO_1_2, UP_TO_1_3 }

    /** The reference's queue, in its order: the order of the answers in the raw JARM string. */
    public static final List<JarmProbeSpec> PROBES = List.of(
            new JarmProbeSpec("tls1_2_forward", TlsVersion.TLS1_2, true, CipherOrder.FORWARD, false, false,
                    SupportedVersions.UP_TO_1_2, CipherOrder.REVERSE),
            new JarmProbeSpec("tls1_2_reverse", TlsVersion.TLS1_2, true, CipherOrder.REVERSE, false, false,
                    SupportedVersions.UP_TO_1_2, CipherOrder.FORWARD),
            new JarmProbeSpec("tls1_2_top_half", TlsVersion.TLS1_2, true, CipherOrder.TOP_HALF, false, false,
                    SupportedVersions.NONE, CipherOrder.FORWARD),
            new JarmProbeSpec("tls1_2_bottom_half", TlsVersion.TLS1_2, true, CipherOrder.BOTTOM_HALF, false, true,
                    SupportedVersions.NONE, CipherOrder.FORWARD),
            new JarmProbeSpec("tls1_2_middle_out", TlsVersion.TLS1_2, true, CipherOrder.MIDDLE_OUT, true, true,
                    SupportedVersions.NONE, CipherOrder.REVERSE),
            // Named "middle_out" in the reference, but its suites go FORWARD.
            new JarmProbeSpec("tls1_1_middle_out", TlsVersion.TLS1_1, true, CipherOrder.FORWARD, false, false,
                    SupportedVersions.NONE, CipherOrder.FORWARD),
            new JarmProbeSpec("tls1_3_forward", TlsVersion.TLS1_3, true, CipherOrder.FORWARD, false, false,
                    SupportedVersions.UP_TO_1_3, CipherOrder.REVERSE),
            new JarmProbeSpec("tls1_3_reverse", TlsVersion.TLS1_3, true, CipherOrder.REVERSE, false, false,
                    SupportedVersions.UP_TO_1_3, CipherOrder.FORWARD),
            new JarmProbeSpec("tls1_3_invalid", TlsVersion.TLS1_3, false, CipherOrder.FORWARD, false, false,
                    SupportedVersions.UP_TO_1_3, CipherOrder.FORWARD),
            new JarmProbeSpec("tls1_3_middle_out", TlsVersion.TLS1_3, true, CipherOrder.MIDDLE_OUT, true, false,
                    SupportedVersions.UP_TO_1_3, CipherOrder.REVERSE));
}
