package io.tlsweep.core.grade;

import java.util.List;

/** The letters a grade can carry, best first; T (certificate not trusted) stands outside the order. */
final class Letters {

    static final String A_PLUS = "A+";
    static final String TRUST = "T";
    /** A to F, best first: the letters a threshold or a cap can name. */
    static final List<String> ORDERED = List.of("A", "B", "C", "D", "E", "F");

    private Letters() {
    }

    static boolean isAtoF(String letter) {
        return ORDERED.contains(letter);
    }

    /** The worse of two letters from A to F. */
    static String worse(String a, String b) {
        return ORDERED.indexOf(a) >= ORDERED.indexOf(b) ? a : b;
    }
}
