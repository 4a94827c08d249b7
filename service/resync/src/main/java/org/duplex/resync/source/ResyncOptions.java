package org.duplex.resync.source;

import org.duplex.common.Check;
import org.duplex.resync.hash.BlockHasher;

/**
 * Limits of one reintegration run.
 *
 * @param workers              parallel file workers ({@code nbrei}, SafeKit's default 6)
 * @param compareBlockBytes    checksum block for full compare and verify (64 KiB)
 * @param maxMessageBytes      largest data payload per message ({@code reipacketsize}-like)
 * @param rateLimitBytesPerSecond cap on data sent ({@code reiallowedbw}); 0 = unlimited
 * @param checkpointEveryBlocks compare blocks between durable in-file checkpoints
 */
public record ResyncOptions(int workers, int compareBlockBytes, int maxMessageBytes, long rateLimitBytesPerSecond,
                            int checkpointEveryBlocks) {
    public static final int WORKERS_DEFAULT = 6;

    public ResyncOptions {
        Check.argument(workers >= 1 && workers <= 256, "nbrei %d outside 1..256", workers);
        Check.argument(compareBlockBytes >= 4096 && Integer.bitCount(compareBlockBytes) == 1,
                "compare block %d must be a power of two >= 4096", compareBlockBytes);
        Check.argument(maxMessageBytes >= compareBlockBytes, "message size %d below the compare block", maxMessageBytes);
        Check.argument(rateLimitBytesPerSecond >= 0, "negative rate limit");
        Check.argument(checkpointEveryBlocks >= 1, "checkpoint interval must be >= 1 block");
    }

    public static ResyncOptions defaults() {
        return new ResyncOptions(WORKERS_DEFAULT, BlockHasher.BLOCK_BYTES_DEFAULT, 1 << 20, 0, 256);
    }

    public ResyncOptions withWorkers(int n) {
        return new ResyncOptions(n, compareBlockBytes, maxMessageBytes, rateLimitBytesPerSecond, checkpointEveryBlocks);
    }

    public ResyncOptions withRateLimit(long bytesPerSecond) {
        return new ResyncOptions(workers, compareBlockBytes, maxMessageBytes, bytesPerSecond, checkpointEveryBlocks);
    }

    public ResyncOptions withCheckpointEveryBlocks(int n) {
        return new ResyncOptions(workers, compareBlockBytes, maxMessageBytes, rateLimitBytesPerSecond, n);
    }
}
