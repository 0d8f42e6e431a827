package io.tlsweep.core.result;

/**
 * What the server's hellos acknowledged during enumeration. Each is null when no hello could
 * tell (for instance the TLS 1.2 extensions on a TLS 1.3-only server, whose answers to them are
 * encrypted, or fallback SCSV on a server with a single version).
 *
 * @param secureRenegotiation  renegotiation_info answered (RFC 5746), TLS 1.2 and older
 * @param extendedMasterSecret extended_master_secret answered (RFC 7627), TLS 1.2 and older
 * @param ocspStapling         status_request answered (the server will staple), TLS 1.2 and older
 * @param sessionTicket        session_ticket answered (RFC 5077), TLS 1.2 and older
 * @param compression          the server chose a compression method other than null (CRIME)
 * @param heartbeat            heartbeat answered (RFC 6520, the Heartbleed extension)
 * @param fallbackScsv         true when a downgraded hello with TLS_FALLBACK_SCSV was refused
 *                             with inappropriate_fallback (RFC 7507)
 */
public record TlsExtensionSupport(Boolean secureRenegotiation, Boolean extendedMasterSecret, Boolean ocspStapling,
                                  Boolean sessionTicket, Boolean compression, Boolean heartbeat,
                                  Boolean fallbackScsv) {
}
