package io.tlsweep.core;

/**
 * A user input that cannot be used: a malformed CIDR, port 0, an unknown port-set name, an
 * unreadable file. The message is one line that names the bad token; the CLI prints it and exits 2.
 * Stackless: it is a user error, not a bug, and a trace would only hide the message.
 */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message, null, false, false);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
