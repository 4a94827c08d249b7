package org.duplex.config.store;

/**
 * Bounds on what a {@code .safe} archive may unpack to, against zip bombs. Real modules hold a
 * config and a few scripts (tens of entries, kilobytes), sometimes a checker binary.
 *
 * @param maxEntries          entries in the archive, counting ignored ones
 * @param maxTotalBytes       sum of the uncompressed sizes actually read
 * @param maxEntryBytes       one entry's uncompressed size
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes) {
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(2_000, 256L << 20, 128L << 20);
}
