package io.tlsweep.core.target;

import io.netty.util.NetUtil;
import io.tlsweep.core.BadInputException;

import java.util.Locale;
import javax.net.ssl.SNIHostName;

/**
 * Checks a name to send as SNI ({@code --sni-names}). Checked when given because the engine builds
 * its {@link SNIHostName} per connection: a bad name would otherwise fail every probe with a stack
 * trace instead of one line. RFC 6066 allows only DNS host names, not IP literals.
 */
public final class ServerNames {

    private ServerNames() {
    }

    /**
     * The name in lower case (DNS names are case-insensitive, and variants are deduplicated).
     *
     * @throws BadInputException naming the value when it is blank, an IP literal or not a host name
     */
    public static String check(String value) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty()) {
            throw new BadInputException("bad SNI name '" + value + "': empty");
        }
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            throw new BadInputException("bad SNI name '" + value + "': SNI must be a host name, not an IP address");
        }
        try {
            new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad SNI name '" + value + "': not a valid host name");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
