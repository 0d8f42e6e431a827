package io.tlsweep.core.acme;

import io.netty.util.NetUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which redirects an ACME CA follows during HTTP-01 validation, after Let's Encrypt's Boulder: only
 * {@code http:} on the HTTP port and {@code https:} on the HTTPS port (80 and 443 in production;
 * injectable so tests can use ephemeral ports), at most {@link #MAX_REDIRECTS} hops, relative
 * {@code Location}s resolved against the current URL. Pure: no I/O; the probe does the hops.
 *
 * <pre>{@code
 * AcmeRedirects rules = new AcmeRedirects(80, 443);
 * Url origin = rules.origin("example.com", "/.well-known/acme-challenge/" + token);
 * switch (rules.next(origin, "https://example.com/x")) { ... }   // Follow(https://example.com/x)
 * }</pre>
 */
public final class AcmeRedirects {

    /** Most redirects a CA follows (Boulder's limit). */
    public static final int MAX_REDIRECTS = 10;

    /**
     * One URL of the redirect chain.
     *
     * @param https whether the scheme is https
     * @param host  lower-case host name or IP literal, IPv6 without brackets
     * @param port  the port to connect to
     * @param path  path and query, starting with '/'; no fragment
     */
    public record Url(boolean https, String host, int port, String path) {

        /** The host as it goes into a URL or a Host header: IPv6 literals in brackets. */
        public String hostForHeader() {
            return NetUtil.isValidIpV6Address(host) ? "[" + host + "]" : host;
        }

        /** Whether the host is an IP literal rather than a name. */
        public boolean hostIsAddress() {
            return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
        }
    }

    /** What to do with a {@code Location}: follow it, or give up with a reason. */
    public sealed interface Next permits Follow, Refuse {
    }

    /** The next URL to fetch. */
    public record Follow(Url url) implements Next {
    }

    /** Why a CA would not follow (or could not make sense of) the Location. */
    public record Refuse(String reason) implements Next {
    }

    private final int httpPort;
    private final int httpsPort;

    /** @param httpPort the only port followed for http: (80); @param httpsPort the same for https: (443) */
    public AcmeRedirects(int httpPort, int httpsPort) {
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /** The URL a CA fetches first: {@code http://host/path} on the HTTP port. */
    public Url origin(String host, String path) {
        return new Url(false, host.toLowerCase(Locale.ROOT), httpPort, path);
    }

    /** The URL as text, without the port when it is the scheme's (so loops are found whatever the spelling). */
    public String show(Url url) {
        int standard = url.https() ? httpsPort : httpPort;
        return (url.https() ? "https://" : "http://") + url.hostForHeader()
                + (url.port() == standard ? "" : ":" + url.port()) + url.path();
    }

    /** Where {@code location}, received in answer to {@code base}, leads. */
    public Next next(Url base, String location) {
        if (location == null || location.isBlank()) {
            return new Refuse("redirect without a Location");
        }
        URI target;
        try {
            target = new URI(show(base)).resolve(new URI(encodeLoosely(location.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new Refuse("unusable Location in redirect");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Refuse("redirect to scheme '" + clip(scheme) + "' (a CA follows only http and https)");
        }
        boolean https = scheme.equals("https");
        String authority = target.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return new Refuse("redirect target has no host");
        }
        int at = authority.lastIndexOf('@');
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return new Refuse("redirect target has a malformed host");
            }
            host = hostPort.substring(1, close);
            portText = hostPort.substring(close + 1);
            if (!portText.isEmpty() && !portText.startsWith(":")) {
                return new Refuse("redirect target has a malformed host");
            }
            portText = portText.isEmpty() ? "" : portText.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            portText = colon >= 0 ? hostPort.substring(colon + 1) : "";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return new Refuse("redirect target has no host");
        }
        if (host.endsWith(".well-known")) {
            return new Refuse("redirect target host '" + clip(host) + "' (a '/' is missing in the redirect)");
        }
        int standard = https ? httpsPort : httpPort;
        int port = standard;
        if (!portText.isEmpty()) {
            port = portText.length() <= 5 && portText.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? Integer.parseInt(portText) : -1;
            if (port < 1 || port > 65535) {
                return new Refuse("redirect target has a malformed port");
            }
        }
        if (port != standard) {
            return new Refuse("redirect to " + scheme + " on port " + port + " (a CA follows only port "
                    + httpPort + " for http and " + httpsPort + " for https)");
        }
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path = path + "?" + target.getRawQuery();
        }
        return new Follow(new Url(https, host, port, path));
    }

    /** Network text quoted in a reason, bounded: a Location can be as long as a response head. */
    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /**
     * Servers put spaces, non-ASCII bytes and other characters java.net.URI rejects into Locations;
     * browsers and CAs percent-encode them. Encode every byte that is not allowed in a URI reference.
     */
    private static String encodeLoosely(String location) {
        StringBuilder out = new StringBuilder(location.length());
        for (byte b : location.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = b & 0xff;
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
            if (allowed) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.forDigit(c >>> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return out.toString();
    }
}
