package org.duplex.resync.hash;

/**
 * Checksums of one regular file: xxHash64 of each block of {@code blockBytes} from block
 * {@code fromBlock}, and (when {@code fromBlock == 0}) a whole-file hash over the size and all
 * block hashes, so two files compare with one number before any block hash travels.
 */
public record FileDigest(long size, int blockBytes, int fromBlock, long[] blockHashes, long wholeHash) {}
