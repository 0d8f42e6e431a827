package io.tlsweep.core.acme;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token of an HTTP-01 request ({@code /.well-known/acme-challenge/<token>}). A real CA's token
 * is 32 random bytes in unpadded base64url, so 43 characters; ours has the same shape, so a server
 * cannot tell our request from a CA's, and is fresh per probe, so no cache or stale challenge file
 * can answer it.
 */
public final class ChallengeToken {

    /** Characters in a token: 32 bytes in unpadded base64url. */
    public static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ChallengeToken() {
    }

    /** A new random token of {@link #LENGTH} base64url characters ({@code A-Z a-z 0-9 - _}). */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }
}
