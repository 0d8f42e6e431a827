package io.tlsweep.protocols;

import io.tlsweep.core.BadInputException;

import java.util.BitSet;
import java.util.Locale;

/**
 * Parses a port list as the CLI takes it: comma-separated single ports ({@code 443}), inclusive
 * ranges ({@code 1-1024}) and catalogue set names ({@code tls}, case-insensitive), mixed freely:
 * {@code tls,8080,9000-9010}. The result is sorted and unique. Any bad item throws
 * {@link BadInputException} naming that item and the whole list.
 */
public final class PortListParser {

    private static final int MAX_PORT = 65535;

    private PortListParser() {
    }

    public static int[] parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException("empty port list");
        }
        BitSet ports = new BitSet(MAX_PORT + 1);
        // -1 keeps trailing empty items, so "443," is reported instead of silently accepted
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new BadInputException("empty item in port list '" + spec + "'");
            }
            if (Character.isLetter(item.charAt(0))) {
                addSet(item, spec, ports);
                continue;
            }
            int dash = item.indexOf('-', 1);
            if (dash < 0) {
                ports.set(port(item, item, spec));
            } else {
                int first = port(item.substring(0, dash).strip(), item, spec);
                int last = port(item.substring(dash + 1).strip(), item, spec);
                if (first > last) {
                    throw new BadInputException("bad port range '" + item + "' in '" + spec
                            + "': start is after end");
                }
                ports.set(first, last + 1);
            }
        }
        return ports.stream().toArray();
    }

    private static void addSet(String item, String spec, BitSet ports) {
        String name = item.toLowerCase(Locale.ROOT);
        if (!PortCatalogue.setNames().contains(name)) {
            throw new BadInputException("unknown port set '" + item + "' (known: "
                    + String.join(", ", PortCatalogue.setNames()) + ")");
        }
        for (int port : PortCatalogue.set(name)) {
            ports.set(port);
        }
    }

    /** One decimal port; {@code item} is the whole list item, named in the message. */
    private static int port(String digits, String item, String spec) {
        boolean decimal = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!decimal) {
            throw new BadInputException("bad port '" + item + "' in '" + spec
                    + "': not a port, a range a-b or a set name");
        }
        // more than 5 digits cannot be a port and could overflow an int
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < 1 || port > MAX_PORT) {
            throw new BadInputException("bad port '" + item + "' in '" + spec + "': ports are 1-65535");
        }
        return port;
    }
}
