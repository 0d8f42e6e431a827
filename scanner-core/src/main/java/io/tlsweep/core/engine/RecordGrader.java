package io.tlsweep.core.engine;

import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.ScanRecord;

/**
 * The grading seam: turns a finished record that has an {@code enum} object into its {@code grade}.
 * Given to the engine by {@link ScanConfig.Builder#grader}; the record assembler calls it on a
 * worker thread, once per record with an enumeration, after the certificate analysis and with the
 * enumeration's findings already in {@code findings}. An exception or a null return leaves
 * {@code grade} null: a grade must never cost the record.
 */
@FunctionalInterface
public interface RecordGrader {

    /** @param record the record as it will be written, {@code grade} still null */
    Grade grade(ScanRecord record);
}
