package io.tlsweep.core.prelude;

/**
 * A plaintext protocol that can upgrade to TLS: SMTP's STARTTLS, IMAP's STARTTLS, POP3's STLS,
 * FTP's AUTH TLS, LDAP's StartTLS extended operation, PostgreSQL's SSLRequest, ... Implementations
 * live in the {@code protocols} module, one file each, and are listed in its registry.
 */
public interface StartTlsDialect {

    /** The protocol key, as in the port catalogue ("smtp", "imap", "pop3", "ftp", "ldap", ...). */
    String name();

    /** A fresh state machine for one connection. */
    PreludeSession newSession(PreludeOptions options);
}
