package io.tlsweep.core.http;

import io.netty.util.NetUtil;
import io.tlsweep.core.target.Target;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What the one request says besides {@code GET /}: the authority ({@code Host} in HTTP/1.1,
 * {@code :authority} in HTTP/2) and the {@code User-Agent}.
 *
 * @param authority the name the request is for, with {@code :port} unless the port is 443
 * @param userAgent the {@code User-Agent} value, e.g. {@code tlsweep/1.4.0}
 */
public record HttpRequestLine(String authority, String userAgent) {

    /**
     * The request for {@code target}: the authority is the SNI when one is sent (the vhost the
     * certificate was chosen for), else the hostname, else the address literal (IPv6 in brackets,
     * without a zone).
     */
    public static HttpRequestLine of(Target target, String userAgent) {
        String name = target.sni() != null ? target.sni()
                : target.host() != null ? target.host() : literal(target.ip());
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]"; // a host given as an IPv6 literal
        }
        String authority = target.port() == 443 ? name : name + ":" + target.port();
        return new HttpRequestLine(authority, userAgent);
    }

    /** RFC 5952 text (compressed, no zone), IPv6 in brackets. */
    private static String literal(InetAddress ip) {
        String s = NetUtil.toAddressString(ip);
        return ip instanceof Inet6Address ? "[" + s + "]" : s;
    }
}
