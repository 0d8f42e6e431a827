package io.tlsweep.core.result;

/**
 * One problem found on an endpoint. {@code code} is stable (see {@link FindingCode}); {@code detail}
 * is for humans and may change between releases.
 */
public record Finding(String code, String detail) {

    public static Finding of(FindingCode code, String detail) {
        return new Finding(code.wire(), detail);
    }
}
