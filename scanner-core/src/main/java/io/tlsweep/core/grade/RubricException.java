package io.tlsweep.core.grade;

/**
 * A rubric that cannot be used: a malformed line, an unknown condition or effect, a table without
 * its catch-all row. Thrown while the rubric loads (never while grading), naming the line.
 */
public final class RubricException extends RuntimeException {

    public RubricException(String message) {
        super(message);
    }

    static RubricException at(String source, int line, String message) {
        return new RubricException(source + " line " + line + ": " + message);
    }
}
