package io.tlsweep.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Keeps the in-flight cap under the process's open-file limit. Past it every new socket fails with
 * EMFILE, which would turn a sweep into thousands of {@code local_error} records; better to run at
 * the highest concurrency the limit allows and say so. The {@code ./tlsweep} launcher has already
 * raised the soft limit to the hard one.
 */
final class FileDescriptorLimit {

    /** Descriptors kept for the JVM itself: jars, epoll, eventfds, output, resolver. */
    static final int RESERVED = 128;

    private FileDescriptorLimit() {
    }

    /** The soft limit on open files, or -1 when the platform does not tell. */
    static long softLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** The concurrency to use: {@code wanted}, or less when the limit cannot carry it. */
    static int clamp(int wanted, long limit) {
        if (limit <= 0 || wanted <= limit - RESERVED) {
            return wanted;
        }
        return (int) Math.max(1, limit - RESERVED);
    }
}
