package io.tlsweep.core.grade;

/**
 * One line of the rubric.
 *
 * @param line      its line number in the rubric file (1-based), for error messages
 * @param id        stable id, the same in docs/grading.md and in a record's {@code grade.rules}
 * @param kind      what the line does
 * @param condition when it applies
 * @param effect    what it does then
 * @param rationale why, for humans (a record's rule detail starts with it)
 */
record RubricRule(int line, String id, RuleKind kind, Condition condition, Effect effect, String rationale) {
}
