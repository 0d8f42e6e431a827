package io.tlsweep.core.engine;

import io.tlsweep.core.result.ScanRecord;
import java.util.List;

/**
 * Where a {@link ScanRun} delivers records: one call per unit of the plan, a probe alone or a whole
 * probe group, with all of the unit's records in member order. Called from worker threads; it may
 * block to apply back pressure.
 *
 * <p>The unit number is the plan position of the probe's group when the targets come from a
 * {@link io.tlsweep.core.target.PlanCursor}, else the unit's rank in the order the targets were
 * read. A checkpoint ({@code --resume}) counts units.
 */
@FunctionalInterface
public interface UnitSink {

    /**
     * @param unit    the unit's plan position (see above)
     * @param records its records, in member order; not empty
     * @param whole   true when every member got its real final outcome; false when the run was
     *                cancelled before the unit could finish (a member never ran, or a retry or a
     *                mode-detection follow-up was skipped and the earlier outcome is reported), so
     *                an uninterrupted run could have written other records for it
     */
    void accept(long unit, List<ScanRecord> records, boolean whole);
}
