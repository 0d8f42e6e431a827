package io.tlsweep.core.grade;

import java.util.Locale;

/** What a rubric line does; its spelling in the rubric's second column is the lower-case name. */
enum RuleKind {
    /** Score table row for one accepted protocol version; the category is (best + worst) / 2. */
    PROTOCOL,
    /** Score table row for one key exchange; the category is the weakest one's points. */
    KEX,
    /** Score table row for one suite's cipher; the category is (strongest + weakest) / 2. */
    CIPHER,
    /** A category's share of the total, in percent. */
    WEIGHT,
    /** An adjustment of the weighted total. */
    SCORE,
    /** Letter threshold: the first matching row names the letter of the total. */
    LETTER,
    /** Limits the letter (A to F), or makes it T (certificate not trusted). */
    CAP,
    /** Raises an uncapped A to A+. */
    BONUS;

    boolean isScoreTable() {
        return this == PROTOCOL || this == KEX || this == CIPHER;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RuleKind parse(String text) {
        for (RuleKind k : values()) {
            if (k.wire().equals(text)) {
                return k;
            }
        }
        return null;
    }
}
