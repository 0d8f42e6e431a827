package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.ServerFlight;
import io.tlsweep.core.tls.wire.ServerHello;
import io.tlsweep.core.tls.wire.TlsVersion;
import java.util.List;

/**
 * How one reply answers one hello: the server took it at the version asked (and with which suite
 * and group), turned it down, or nothing can be told. A reply that contradicts the hello (a suite
 * or group not offered, a version above the one asked) is {@link Kind#UNKNOWN}: a walk that trusted
 * it could loop on a hostile server.
 *
 * @param group the HelloRetryRequest's (or 1.3 ServerHello's) group, or a TLS 1.2-or-older
 *              ServerKeyExchange's named group; -1 when none
 * @param alert the plaintext alert's description, or -1
 * @param leaf  the first certificate of a TLS 1.2-or-older answer (DER), or null
 */
record Verdict(Kind kind, int suite, int group, Integer dhBits, ServerHello serverHello, int alert, String why,
               byte[] leaf) {

    enum Kind {
        /** A ServerHello (or HelloRetryRequest) at the version asked, with a suite that was offered. */
        ACCEPTED,
        /** An alert, a close/reset instead of an answer, or a ServerHello at a lower version. */
        REFUSED,
        /** No usable answer (timeout, not TLS, …) or one that contradicts the hello. */
        UNKNOWN
    }

    static Verdict of(int version, List<Integer> suites, List<Integer> groups, HelloReply reply) {
        ServerFlight f = reply.flight();
        ServerHello sh = f.serverHello();
        if (sh != null) {
            int got = sh.negotiatedVersion();
            if (got < version || version == TlsVersion.TLS1_3 && got != TlsVersion.TLS1_3) {
                return new Verdict(Kind.REFUSED, -1, -1, null, sh, -1, "answered " + TlsVersion.name(got), null);
            }
            if (got > version) {
                return unknown("answered " + TlsVersion.name(got) + " to a " + TlsVersion.name(version) + " hello");
            }
            if (!suites.contains(sh.cipherSuite())) {
                return unknown(String.format("chose suite 0x%04x, not offered", sh.cipherSuite()));
            }
            int group = version == TlsVersion.TLS1_3 ? sh.keyShareGroup()
                    : f.keyExchangeGroup() == null ? -1 : f.keyExchangeGroup();
            if (group >= 0 && !groups.contains(group)) {
                return unknown(String.format("chose group 0x%04x, not offered", group));
            }
            return new Verdict(Kind.ACCEPTED, sh.cipherSuite(), group, f.dhPrimeBits(), sh, -1, null,
                    f.certificates().isEmpty() ? null : f.certificates().get(0));
        }
        if (f.alert() != null) {
            return new Verdict(Kind.REFUSED, -1, -1, null, null, f.alert().description(),
                    "alert " + f.alert().name(), null);
        }
        if (reply.failure() != null && reply.failure().isRejection()) {
            return new Verdict(Kind.REFUSED, -1, -1, null, null, -1, reply.failure().name().toLowerCase(), null);
        }
        return unknown(reply.failure() == null ? "no ServerHello"
                : reply.failure().name().toLowerCase() + (reply.detail() == null ? "" : ": " + reply.detail()));
    }

    static Verdict unknown(String why) {
        return new Verdict(Kind.UNKNOWN, -1, -1, null, null, -1, why, null);
    }

    boolean accepted() {
        return kind == Kind.ACCEPTED;
    }

    boolean refused() {
        return kind == Kind.REFUSED;
    }

    boolean unknown() {
        return kind == Kind.UNKNOWN;
    }
}
