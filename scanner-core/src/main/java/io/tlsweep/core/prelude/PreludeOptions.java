package io.tlsweep.core.prelude;

/**
 * Per-probe inputs a dialect may need.
 *
 * @param clientName the name the client announces (SMTP EHLO, ...)
 * @param serverName the name of the service asked for (XMPP stream {@code to}), the SNI or hostname;
 *                   null for bare-address targets
 * @param port       the port probed (XMPP speaks jabber:client on 5222 and jabber:server on 5269)
 */
public record PreludeOptions(String clientName, String serverName, int port) {

    /** The EHLO name when the user gives none: a reserved name that says what is connecting. */
    public static final String DEFAULT_CLIENT_NAME = "tlsweep.invalid";
}
