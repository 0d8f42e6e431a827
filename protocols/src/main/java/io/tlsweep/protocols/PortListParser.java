package io.tlsweep.protocols;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.target.PortKeys;
import io.tlsweep.core.target.Transport;

import java.util.BitSet;
import java.util.Locale;

/**
 * Parses a port list as the CLI takes it: comma-separated single ports ({@code 443}), inclusive
 * ranges ({@code 1-1024}) and catalogue set names ({@code tls}, case-insensitive), mixed freely:
 * {@code tls,8080,9000-9010}. A port or range may name its transport, as a suffix ({@code 443/udp},
 * {@code 443/tcp}) or an nmap-style prefix ({@code U:443}, {@code T:443}, {@code u:443-445}); the
 * prefix applies to that item only. Without one a port is TCP; sets are always TCP.
 *
 * <p>The result is sorted and unique {@link PortKeys} keys (a TCP key is the port number itself, so a
 * TCP-only list reads as plain ports). Any bad item throws {@link BadInputException} naming that item
 * and the whole list.
 *
 * <pre>{@code
 * PortListParser.parse("80,443,443/udp")   // {80, 443, 443 | PortKeys.UDP}: three probes per address
 * }</pre>
 */
public final class PortListParser {

    private static final int MAX_PORT = 65535;

    private PortListParser() {
    }

    public static int[] parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException("empty port list");
        }
        BitSet keys = new BitSet(PortKeys.UDP + MAX_PORT + 1);
        // -1 keeps trailing empty items, so "443," is reported instead of silently accepted
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new BadInputException("empty item in port list '" + spec + "'");
            }
            addItem(item, spec, keys);
        }
        return keys.stream().toArray();
    }

    private static void addItem(String item, String spec, BitSet keys) {
        String body = item;
        Transport transport = null; // null: not named, TCP
        int colon = body.indexOf(':');
        if (colon >= 0) {
            String prefix = body.substring(0, colon).strip().toUpperCase(Locale.ROOT);
            if (!prefix.equals("T") && !prefix.equals("U")) {
                throw bad(item, spec, "the transport prefix must be T: (TCP) or U: (UDP)");
            }
            transport = prefix.equals("U") ? Transport.UDP : Transport.TCP;
            body = body.substring(colon + 1).strip();
            if (body.isEmpty()) {
                throw bad(item, spec, "no port after the transport prefix");
            }
            if (body.indexOf(':') >= 0) {
                throw bad(item, spec, "give the transport once, as a prefix or a suffix");
            }
        }
        int slash = body.indexOf('/');
        if (slash >= 0) {
            String suffix = body.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
            if (!suffix.equals("tcp") && !suffix.equals("udp")) {
                throw bad(item, spec, "the transport suffix must be /tcp or /udp");
            }
            if (transport != null) {
                throw bad(item, spec, "give the transport once, as a prefix or a suffix");
            }
            transport = suffix.equals("udp") ? Transport.UDP : Transport.TCP;
            body = body.substring(0, slash).strip();
        }
        if (!body.isEmpty() && Character.isLetter(body.charAt(0))) {
            if (transport != null) {
                throw bad(item, spec, "port sets are TCP (name UDP ports one by one, e.g. 443/udp)");
            }
            addSet(body, keys);
            return;
        }
        int udp = transport == Transport.UDP ? PortKeys.UDP : 0;
        int dash = body.indexOf('-', 1);
        if (dash < 0) {
            keys.set(port(body, item, spec) | udp);
        } else {
            int first = port(body.substring(0, dash).strip(), item, spec);
            int last = port(body.substring(dash + 1).strip(), item, spec);
            if (first > last) {
                throw new BadInputException("bad port range '" + item + "' in '" + spec + "': start is after end");
            }
            keys.set(first | udp, (last | udp) + 1);
        }
    }

    private static void addSet(String item, BitSet keys) {
        String name = item.toLowerCase(Locale.ROOT);
        if (!PortCatalogue.setNames().contains(name)) {
            throw new BadInputException("unknown port set '" + item + "' (known: "
                    + String.join(", ", PortCatalogue.setNames()) + ")");
        }
        for (int port : PortCatalogue.set(name)) {
            keys.set(port);
        }
    }

    /** One decimal port; {@code item} is the whole list item, named in the message. */
    private static int port(String digits, String item, String spec) {
        boolean decimal = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!decimal) {
            throw bad(item, spec, "not a port, a range a-b or a set name");
        }
        // more than 5 digits cannot be a port and could overflow an int
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < 1 || port > MAX_PORT) {
            throw bad(item, spec, "ports are 1-65535");
        }
        return port;
    }

    private static BadInputException bad(String item, String spec, String reason) {
        return new BadInputException("bad port '" + item + "' in '" + spec + "': " + reason);
    }
}
