package io.tlsweep.core.result;

/**
 * What the plaintext part of a STARTTLS-style probe showed, kept whether or not the upgrade
 * happened: this is how an operator tells "no STARTTLS offered" from "STARTTLS refused" from "not
 * this protocol at all".
 *
 * @param protocol           the dialect spoken ("smtp", "imap", "postgres", ...)
 * @param banner             the server's greeting, escaped like {@code first_bytes} and bounded; null
 *                           for client-first protocols that greet with nothing
 * @param starttlsAdvertised whether the server listed the upgrade among its capabilities; null when
 *                           the protocol has no such list (PostgreSQL, LDAP)
 * @param replyCode          the server's answer to the upgrade request ("220", "OK", "+OK", "S", "0"),
 *                           or null when it was never asked
 * @param replyText          the rest of that answer, bounded, or null
 * @param injection          the server sent bytes after its go-ahead and before the TLS handshake;
 *                           they were discarded, never treated as protected (STARTTLS injection)
 */
public record PreludeInfo(String protocol, String banner, Boolean starttlsAdvertised, String replyCode,
                          String replyText, boolean injection) {
}
