package io.tlsweep.core.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * JARM's fuzzy hash of the raw answer string, as the reference's {@code jarm_hash}: per answer, the
 * 1-based index (2 hex digits) of the chosen suite in the reference's sorted suite list and one
 * letter for the version ("0300" a … "0303" d), 30 characters for the ten answers; then the first
 * 32 hex digits of SHA-256 over all ALPN and extension parts. The all-failed string is 62 zeros.
 *
 * <p>Where the reference script would crash (an answer with too few "|" parts, which only a
 * protocol name holding "|" or "," could cause, or a version digit above 5), this class counts the
 * missing part as empty and the version as "0": documented divergences for input the reference
 * has no value for.
 */
public final class JarmHash {

    public static final String ALL_FAILED = String.join(",", java.util.Collections.nCopies(10, JarmAnswer.FAILED));
    public static final String ZERO = "0".repeat(62);

    /** The reference's suite list for the index, in its order (not the probes' order). */
    private static final List<String> SUITE_INDEX = List.of(
            "0004", "0005", "0007", "000a", "0016", "002f", "0033", "0035", "0039", "003c", "003d", "0041",
            "0045", "0067", "006b", "0084", "0088", "009a", "009c", "009d", "009e", "009f", "00ba", "00be",
            "00c0", "00c4", "c007", "c008", "c009", "c00a", "c011", "c012", "c013", "c014", "c023", "c024",
            "c027", "c028", "c02b", "c02c", "c02f", "c030", "c060", "c061", "c072", "c073", "c076", "c077",
            "c09c", "c09d", "c09e", "c09f", "c0a0", "c0a1", "c0a2", "c0a3", "c0ac", "c0ad", "c0ae", "c0af",
            "cc13", "cc14", "cca8", "cca9", "1301", "1302", "1303", "1304", "1305");

    private JarmHash() {
    }

    /** The 62-character JARM of a raw string (answers joined by ","). */
    public static String of(String raw) {
        if (raw.equals(ALL_FAILED)) {
            return ZERO;
        }
        StringBuilder fuzzy = new StringBuilder(62);
        StringBuilder alpnsAndExtensions = new StringBuilder();
        for (String answer : raw.split(",", -1)) {
            String[] parts = answer.split("\\|", -1);
            fuzzy.append(suiteIndex(part(parts, 0))).append(versionLetter(part(parts, 1)));
            alpnsAndExtensions.append(part(parts, 2)).append(part(parts, 3));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(alpnsAndExtensions.toString().getBytes(StandardCharsets.UTF_8));
            return fuzzy.append(HexFormat.of().formatHex(digest), 0, 32).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    private static String part(String[] parts, int i) {
        return i < parts.length ? parts[i] : "";
    }

    /** "00" for no suite; the 1-based index in hex; one past the list (0x46) for a suite not in it. */
    static String suiteIndex(String suite) {
        if (suite.isEmpty()) {
            return "00";
        }
        int index = SUITE_INDEX.indexOf(suite);
        int count = index < 0 ? SUITE_INDEX.size() + 1 : index + 1;
        return String.format("%02x", count);
    }

    /** "0" for no version; the 4th hex digit 0–5 as a–f. */
    static String versionLetter(String version) {
        if (version.isEmpty()) {
            return "0";
        }
        char digit = version.length() > 3 ? version.charAt(3) : ' ';
        return digit >= '0' && digit <= '5' ? String.valueOf((char) ('a' + (digit - '0'))) : "0";
    }
}
