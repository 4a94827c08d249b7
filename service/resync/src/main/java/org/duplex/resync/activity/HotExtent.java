package org.duplex.resync.activity;

import org.duplex.common.Check;

/** Extent {@code index} (of {@code extentBytes} each) of one file, hot in the activity log. */
public record HotExtent(String path, long index, long extentBytes) {
    public HotExtent {
        Check.argument(index >= 0 && extentBytes > 0, "bad extent %d of %d bytes", index, extentBytes);
    }

    public long offset() {
        return index * extentBytes;
    }
}
