package io.tlsweep.core.target;

import io.netty.util.NetUtil;
import io.tlsweep.core.BadInputException;

import java.net.IDN;
import java.util.Locale;

/**
 * Parses one target token as nmap users write them:
 * <pre>
 *   192.0.2.7   2001:db8::1   10.0.0.0/8   10.0.0.5/24 (= the whole /24)   2001:db8::/120
 *   10.0.0.1-10.0.0.50   192.0.2.1-50 (last-octet shorthand)   2001:db8::1-2001:db8::ff
 *   example.com   example.com:8443   192.0.2.7:443   [2001:db8::1]:443   [::1]
 *   192.0.2.7:443/udp   [::1]:443/udp   example.com:443/tcp   (the port's transport, TCP by default)
 * </pre>
 * A port is returned as a {@link PortKeys} key, so it carries its transport.
 * Every failure is a {@link BadInputException} whose one line names the token. IP literals are
 * parsed by Netty's {@link NetUtil}, which never falls back to a DNS lookup the way
 * {@code InetAddress.getByName} does for a malformed literal.
 */
final class TargetTokenParser {

    private static final int V4_IN_V6_BITS = 96;

    private TargetTokenParser() {
    }

    /** A scan target. */
    static TargetToken parseTarget(String token) {
        return parse(token, "target");
    }

    /** An exclusion: an address, CIDR or range, without a port. */
    static AddressInterval parseExclusion(String token) {
        TargetToken parsed = parse(token, "exclusion");
        if (!(parsed instanceof TargetToken.Addresses addresses)) {
            throw bad("exclusion", token, "only addresses, CIDRs and ranges can be excluded, not host names");
        }
        if (addresses.port() != TargetToken.DEFAULT_PORTS) {
            throw bad("exclusion", token, "exclusions are addresses; leave the port out");
        }
        return addresses.range();
    }

    private static TargetToken parse(String raw, String kind) {
        String token = raw == null ? "" : raw.strip();
        if (token.isEmpty()) {
            throw new BadInputException("empty " + kind);
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw bad(kind, token, "contains a space or control character");
            }
        }
        if (token.indexOf('%') >= 0) {
            throw bad(kind, token, "IPv6 zone ids are not supported");
        }
        if (token.startsWith("[")) {
            int close = token.indexOf(']');
            if (close < 0) {
                throw bad(kind, token, "missing ']'");
            }
            String inside = token.substring(1, close);
            String rest = token.substring(close + 1);
            if (inside.indexOf(':') < 0) {
                throw bad(kind, token, "brackets are only for IPv6 addresses");
            }
            int port = TargetToken.DEFAULT_PORTS;
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(kind, token, "expected ':port' after ']'");
                }
                port = port(rest.substring(1), kind, token);
            }
            return new TargetToken.Addresses(addresses(inside, kind, token), port);
        }
        int firstColon = token.indexOf(':');
        if (firstColon < 0) {
            return addressesOrHost(token, TargetToken.DEFAULT_PORTS, kind, token);
        }
        if (firstColon == token.lastIndexOf(':')) { // exactly one colon: host:port
            int port = port(token.substring(firstColon + 1), kind, token);
            return addressesOrHost(token.substring(0, firstColon), port, kind, token);
        }
        return new TargetToken.Addresses(addresses(token, kind, token), TargetToken.DEFAULT_PORTS);
    }

    private static TargetToken addressesOrHost(String text, int port, String kind, String token) {
        if (text.isEmpty()) {
            throw bad(kind, token, "no host before ':'");
        }
        if (text.indexOf('/') >= 0 || literal(text) != null || literal(beforeDash(text)) != null) {
            return new TargetToken.Addresses(addresses(text, kind, token), port);
        }
        return new TargetToken.Host(hostName(text, kind, token), port);
    }

    /** An address, CIDR or range (v4 or v6), no port. */
    private static AddressInterval addresses(String text, String kind, String token) {
        int slash = text.indexOf('/');
        if (slash >= 0) {
            return cidr(text.substring(0, slash), text.substring(slash + 1), kind, token);
        }
        Ip128 single = literal(text);
        if (single != null) {
            return AddressInterval.single(single);
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw bad(kind, token, "not an IP address");
        }
        Ip128 first = literal(text.substring(0, dash));
        if (first == null) {
            throw bad(kind, token, "range start is not an IP address");
        }
        String end = text.substring(dash + 1);
        Ip128 last = literal(end);
        if (last == null && first.isV4() && isDecimal(end, 3)) {
            int octet = Integer.parseInt(end);
            if (octet > 255) {
                throw bad(kind, token, "last octet must be 0-255");
            }
            last = new Ip128(first.hi(), (first.lo() & ~0xFFL) | octet);
        }
        if (last == null) {
            throw bad(kind, token, "range end is not an IP address or a last octet");
        }
        if (first.isV4() != last.isV4()) {
            throw bad(kind, token, "range mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw bad(kind, token, "range start is after its end");
        }
        return new AddressInterval(first, last);
    }

    private static AddressInterval cidr(String address, String length, String kind, String token) {
        Ip128 base = literal(address);
        if (base == null) {
            throw bad(kind, token, "'" + address + "' is not an IP address");
        }
        int max = base.isV4() ? 32 : 128;
        if (!isDecimal(length, 3) || Integer.parseInt(length) > max) {
            throw bad(kind, token, "prefix length must be 0-" + max);
        }
        // host bits set (10.0.0.5/24) mean the whole network, as in nmap
        int bits = Integer.parseInt(length) + (base.isV4() ? V4_IN_V6_BITS : 0);
        return new AddressInterval(base.networkStart(bits), base.networkEnd(bits));
    }

    /** A v4 or v6 literal, or null. */
    private static Ip128 literal(String text) {
        if (text.isEmpty() || !(NetUtil.isValidIpV4Address(text) || NetUtil.isValidIpV6Address(text))) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        return bytes == null ? null : Ip128.ofBytes(bytes);
    }

    private static String beforeDash(String text) {
        int dash = text.indexOf('-');
        return dash < 0 ? "" : text.substring(0, dash);
    }

    private static String hostName(String text, String kind, String token) {
        String ascii;
        try {
            ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw bad(kind, token, "not a valid host name or IP address");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            throw bad(kind, token, "not a valid host name or IP address");
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw bad(kind, token, "not a valid host name or IP address");
            }
        }
        // no TLD is all digits: 1.2.3 or 256.1.1.1 is a mistyped IPv4 address, not a name
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(kind, token, "not a valid IPv4 address");
        }
        return ascii;
    }

    /** A port, optionally with {@code /tcp} or {@code /udp}, as a {@link PortKeys} key. */
    private static int port(String text, String kind, String token) {
        Transport transport = Transport.TCP;
        String digits = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String suffix = text.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!suffix.equals("tcp") && !suffix.equals("udp")) {
                throw bad(kind, token, "the port's transport must be /tcp or /udp");
            }
            transport = suffix.equals("udp") ? Transport.UDP : Transport.TCP;
            digits = text.substring(0, slash);
        }
        if (!isDecimal(digits, 5) || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            throw bad(kind, token, "port must be 1-65535");
        }
        return PortKeys.of(Integer.parseInt(digits), transport);
    }

    private static boolean isDecimal(String text, int maxDigits) {
        return !text.isEmpty() && text.length() <= maxDigits && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static BadInputException bad(String kind, String token, String reason) {
        return new BadInputException("bad " + kind + " '" + token + "': " + reason);
    }
}
