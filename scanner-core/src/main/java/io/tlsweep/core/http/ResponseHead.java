package io.tlsweep.core.http;

import io.tlsweep.core.result.HttpInfo;

/**
 * The parts of a response head tlsweep reads, as the codec decoded them (one char per octet).
 *
 * @param status   the final status code
 * @param server   the first {@code Server} value, or null
 * @param location the first {@code Location} value, or null
 * @param hsts     the first {@code Strict-Transport-Security} value (RFC 6797 8.1: later ones are
 *                 ignored), or null
 * @param altSvc   every {@code Alt-Svc} value joined with ", " (a list header), or null
 */
record ResponseHead(int status, String server, String location, String hsts, String altSvc) {

    /** The record's view: values escaped and bounded, HSTS and Alt-Svc parsed. */
    HttpInfo toInfo(String protocol) {
        return new HttpInfo(protocol, status, HeaderText.bounded(server), HeaderText.bounded(location),
                HstsParser.parse(hsts), AltSvcParser.parse(altSvc), null);
    }

    static String joined(java.util.List<? extends CharSequence> values) {
        if (values.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (CharSequence v : values) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(v);
        }
        return b.toString();
    }
}
