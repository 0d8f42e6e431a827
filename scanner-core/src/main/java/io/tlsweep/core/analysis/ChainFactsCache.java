package io.tlsweep.core.analysis;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ChainFacts} of recently seen chains, keyed by the SHA-256 of each served certificate's
 * DER in served order: a sweep meets the same chain on many addresses and ports (virtual hosts, load
 * balancers, a CDN, a wildcard certificate), and its parsing and signature checks cost several times
 * the client's share of the TLS handshake that fetched it.
 *
 * <p>Bounded, least recently used out first, by entries ({@link #MAX_ENTRIES}) and by an estimate of
 * the heap the entries hold ({@link #MAX_WEIGHT_BYTES}). Thread-safe (one lock: the analysis workers
 * hold it for a map lookup only; facts are computed outside it, so two workers may both compute a
 * new chain once, with the same result). One cache per analyzer: the facts depend on its anchors.
 */
final class ChainFactsCache {

    /** Enough for the distinct chains of a large sweep's busy hosting providers; ~4 KB each. */
    static final int MAX_ENTRIES = 4096;
    /** The cap on the estimated size of all entries: a sweep of long chains stays small too. */
    static final long MAX_WEIGHT_BYTES = 32L << 20;

    /** The served chain's identity: SHA-256 of each certificate's DER, concatenated in served order. */
    static final class Key {
        private final byte[] digests;
        private final int hash;

        private Key(byte[] digests) {
            this.digests = digests;
            this.hash = Arrays.hashCode(digests);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.digests, digests);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final LinkedHashMap<Key, ChainFacts> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final int maxEntries;
    private final long maxWeight;
    private long weight;

    ChainFactsCache() {
        this(MAX_ENTRIES, MAX_WEIGHT_BYTES);
    }

    ChainFactsCache(int maxEntries, long maxWeight) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
    }

    static Key key(List<byte[]> ders) {
        MessageDigest sha256 = sha256();
        byte[] out = new byte[32 * ders.size()];
        for (int i = 0; i < ders.size(); i++) {
            sha256.update(ders.get(i));
            try {
                sha256.digest(out, 32 * i, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 writes 32 bytes", e);
            }
        }
        return new Key(out);
    }

    synchronized ChainFacts get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, ChainFacts facts) {
        ChainFacts previous = entries.put(key, facts);
        weight += facts.weight - (previous == null ? 0 : previous.weight);
        var eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            Map.Entry<Key, ChainFacts> e = eldest.next();
            weight -= e.getValue().weight;
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
