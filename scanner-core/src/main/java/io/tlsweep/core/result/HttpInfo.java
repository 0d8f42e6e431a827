package io.tlsweep.core.result;

/**
 * One HTTP request made after the handshake ({@code --http}): {@code GET /} over the negotiated
 * protocol. Null unless the web layer ran.
 *
 * @param protocol the protocol the request used: {@code "h2"}, {@code "http/1.1"} or {@code "h3"}
 * @param status   the response status code, or null when no response arrived
 * @param server   the {@code Server} header, escaped and bounded, or null
 * @param location the {@code Location} header (redirect target), escaped and bounded, or null
 * @param hsts     the parsed {@code Strict-Transport-Security} header, or null when absent
 * @param altSvc   the parsed {@code Alt-Svc} header, or null when absent
 * @param error    why the request failed (timeout, reset, bad response), or null
 */
public record HttpInfo(String protocol, Integer status, String server, String location, Hsts hsts, AltSvc altSvc,
                       String error) {

    /**
     * @param maxAge            the max-age directive in seconds, or null when missing or malformed
     * @param includeSubDomains the includeSubDomains directive is present
     * @param preload           the preload directive is present
     * @param raw               the header as sent, escaped and bounded
     */
    public record Hsts(Long maxAge, boolean includeSubDomains, boolean preload, String raw) {
    }

    /**
     * @param raw         the header as sent, escaped and bounded
     * @param h3          an {@code h3} alternative is advertised (drafts such as {@code h3-29} do not count)
     * @param h3Port      the port of the first {@code h3} alternative, or null
     * @param h3Reachable whether QUIC on {@code h3Port} answered in this scan (the UDP probe of the
     *                    same address and SNI); null when that probe was not part of the scan
     */
    public record AltSvc(String raw, boolean h3, Integer h3Port, Boolean h3Reachable) {

        public AltSvc withH3Reachable(Boolean reachable) {
            return new AltSvc(raw, h3, h3Port, reachable);
        }
    }

    public HttpInfo withAltSvc(AltSvc a) {
        return new HttpInfo(protocol, status, server, location, hsts, a, error);
    }
}
