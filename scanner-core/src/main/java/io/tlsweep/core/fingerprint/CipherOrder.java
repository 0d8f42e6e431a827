package io.tlsweep.core.fingerprint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The list orders JARM's probes use (for suites, and FORWARD/REVERSE for the ALPN and
 * supported_versions lists), defined exactly as the reference implementation's {@code cipher_mung}:
 * the halves and the middle of an odd-length list follow its rules, which are part of the fingerprint.
 */
public enum CipherOrder {
    FORWARD,
    REVERSE,
    /** The first half, from the middle back to the start; an odd list's middle element leads. */
    TOP_HALF,
    /** The second half in order; an odd list's middle element is left out. */
    BOTTOM_HALF,
    /** From the middle outwards, the later neighbour before the earlier one. */
    MIDDLE_OUT;

    public <T> List<T> apply(List<T> items) {
        int n = items.size();
        List<T> out = new ArrayList<>(n);
        switch (this) {
            case FORWARD -> out.addAll(items);
            case REVERSE -> {
                out.addAll(items);
                Collections.reverse(out);
            }
            case BOTTOM_HALF -> out.addAll(items.subList(n % 2 == 1 ? n / 2 + 1 : n / 2, n));
            case TOP_HALF -> {
                // Reference: [middle if odd] + BOTTOM_HALF(REVERSE(list)).
                if (n % 2 == 1) {
                    out.add(items.get(n / 2));
                }
                out.addAll(BOTTOM_HALF.apply(REVERSE.apply(items)));
            }
            case MIDDLE_OUT -> {
                int middle = n / 2;
                if (n % 2 == 1) {
                    out.add(items.get(middle));
                    for (int i = 1; i <= middle; i++) {
                        out.add(items.get(middle + i));
                        out.add(items.get(middle - i));
                    }
                } else {
                    for (int i = 1; i <= middle; i++) {
                        out.add(items.get(middle - 1 + i));
                        out.add(items.get(middle - i));
                    }
                }
            }
            default -> throw new AssertionError(this);
        }
        return out;
    }
}
