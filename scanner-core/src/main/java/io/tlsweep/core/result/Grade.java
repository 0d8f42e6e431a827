package io.tlsweep.core.result;

import java.util.List;

/**
 * The record's {@code grade}: a letter from the rubric in docs/grading.md, applied to the
 * enumeration and the certificate verdicts. Null on the record without {@code --enum}.
 *
 * @param letter "A+", "A", "B", "C", "D", "E", "F" or "T" (certificate not trusted)
 * @param score  0-100 before caps: the rubric's weighted protocol, key-exchange and cipher scores
 * @param rules  every rubric rule that applied, in rubric order
 */
public record Grade(String letter, int score, List<GradeRule> rules) {

    public Grade {
        rules = List.copyOf(rules);
    }

    /**
     * One rubric rule that applied.
     *
     * @param id     the rule's stable id in the rubric (docs/grading.md)
     * @param effect what it did: "cap:B", "score:protocol=80", "bonus:A+" …
     * @param detail for humans
     */
    public record GradeRule(String id, String effect, String detail) {
    }
}
