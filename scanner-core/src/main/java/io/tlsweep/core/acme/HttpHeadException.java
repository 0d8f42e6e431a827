package io.tlsweep.core.acme;

/**
 * What {@link HttpResponseHead#parse} throws when the bytes cannot be an HTTP/1.x response head:
 * not HTTP at all, a malformed line, or a head larger than the cap. The message is for the record's
 * detail. Stackless: a hostile peer makes these on purpose, and the trace would say nothing.
 */
public final class HttpHeadException extends Exception {

    private static final long serialVersionUID = 1L;

    public HttpHeadException(String message) {
        super(message, null, false, false);
    }
}
