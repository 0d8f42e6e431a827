package io.tlsweep.core.target;

import java.util.Iterator;

/**
 * An iterator over a {@link TargetPlan}'s probes that also says where in the plan it is: the
 * permutation position of the probe group the last target belongs to. That position is the unit a
 * checkpoint counts ({@code --resume}): a probe alone is a unit, a probe group is one unit whose
 * records are written together.
 */
public interface PlanCursor extends Iterator<Target> {

    /**
     * The plan position ({@code [0, plan.groups())}) of the group of the target last returned by
     * {@link #next()}; the members of a group share it. Undefined before the first {@code next()}.
     */
    long position();
}
