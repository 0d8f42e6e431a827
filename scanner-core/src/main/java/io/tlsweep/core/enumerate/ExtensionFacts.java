package io.tlsweep.core.enumerate;

import io.tlsweep.core.result.TlsExtensionSupport;
import io.tlsweep.core.tls.wire.ExtensionTypes;
import io.tlsweep.core.tls.wire.ServerHello;
import io.tlsweep.core.tls.wire.TlsVersion;

/**
 * What the TLS 1.2-and-older ServerHellos of the version hellos acknowledged. Every such hello
 * offers the same extensions, so one answer that carries an extension means the server supports
 * it. The SSLv3 hello has no extensions; only its renegotiation_info answer (to the SCSV) counts.
 * TLS 1.3 answers are not read: their extensions are encrypted.
 */
final class ExtensionFacts {

    private Boolean secureRenegotiation;
    private Boolean extendedMasterSecret;
    private Boolean ocspStapling;
    private Boolean sessionTicket;
    private Boolean compression;
    private Boolean heartbeat;
    private Boolean fallbackScsv;

    void observe(int version, ServerHello sh) {
        if (version >= TlsVersion.TLS1_3) {
            return;
        }
        secureRenegotiation = or(secureRenegotiation, sh.extension(ExtensionTypes.RENEGOTIATION_INFO) != null);
        compression = or(compression, sh.compressionMethod() != 0);
        if (version == TlsVersion.SSL3) {
            return;
        }
        extendedMasterSecret = or(extendedMasterSecret, sh.extension(ExtensionTypes.EXTENDED_MASTER_SECRET) != null);
        ocspStapling = or(ocspStapling, sh.extension(ExtensionTypes.STATUS_REQUEST) != null);
        sessionTicket = or(sessionTicket, sh.extension(ExtensionTypes.SESSION_TICKET) != null);
        heartbeat = or(heartbeat, sh.extension(ExtensionTypes.HEARTBEAT) != null);
    }

    void fallbackScsv(Boolean honoured) {
        fallbackScsv = honoured;
    }

    Boolean secureRenegotiation() {
        return secureRenegotiation;
    }

    TlsExtensionSupport toRecord() {
        return new TlsExtensionSupport(secureRenegotiation, extendedMasterSecret, ocspStapling, sessionTicket,
                compression, heartbeat, fallbackScsv);
    }

    private static Boolean or(Boolean known, boolean seen) {
        return known != null && known || seen;
    }
}
