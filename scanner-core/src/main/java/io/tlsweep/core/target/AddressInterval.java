package io.tlsweep.core.target;

import java.math.BigInteger;

/**
 * An inclusive range of addresses, {@code first <= last}.
 */
record AddressInterval(Ip128 first, Ip128 last) {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    AddressInterval {
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException(first + " > " + last);
        }
    }

    static AddressInterval single(Ip128 address) {
        return new AddressInterval(address, address);
    }

    /** The number of addresses, exactly (an IPv6 /0 has 2^128). */
    BigInteger count() {
        return toBig(last).subtract(toBig(first)).add(BigInteger.ONE);
    }

    private static BigInteger toBig(Ip128 a) {
        return new BigInteger(Long.toUnsignedString(a.hi())).multiply(TWO_64)
                .add(new BigInteger(Long.toUnsignedString(a.lo())));
    }
}
