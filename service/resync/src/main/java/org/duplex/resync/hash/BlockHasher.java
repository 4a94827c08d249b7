package org.duplex.resync.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.duplex.common.Check;

/**
 * Reads a file once, in large sequential chunks, and hashes it per block with xxHash64 (lz4-java,
 * native when available). Also hashes in-memory blocks the same way, for tests and diffing.
 */
public final class BlockHasher {
    /** Default compare granularity for full sync and verify. */
    public static final int BLOCK_BYTES_DEFAULT = 64 * 1024;
    private static final long SEED = 0x4475706c6578L; // "Duplex"
    private static final int READ_CHUNK_BYTES = 1 << 20;
    private static final XXHash64 HASH = XXHashFactory.fastestInstance().hash64();
    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_CHUNK_BYTES));

    private BlockHasher() {}

    /** Hash of one block's bytes. */
    public static long hashBlock(byte[] data, int offset, int length) {
        return HASH.hash(data, offset, length, SEED);
    }

    /** Hashes of consecutive {@code blockBytes} sub-blocks of {@code data} (the last may be short). */
    public static long[] hashSubBlocks(byte[] data, int blockBytes) {
        long[] out = new long[blockCount(data.length, blockBytes)];
        for (int i = 0; i < out.length; i++) {
            int off = i * blockBytes;
            out[i] = hashBlock(data, off, Math.min(blockBytes, data.length - off));
        }
        return out;
    }

    /** Whole-file hash from the size and every block hash. */
    public static long wholeHash(long size, long[] blockHashes) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 8 * blockHashes.length);
        buf.putLong(size);
        for (long h : blockHashes) {
            buf.putLong(h);
        }
        return HASH.hash(buf.array(), 0, buf.position(), SEED);
    }

    /** Number of blocks a file of {@code size} bytes has (the last may be short). */
    public static int blockCount(long size, int blockBytes) {
        long n = (size + blockBytes - 1) / blockBytes;
        Check.argument(n <= Integer.MAX_VALUE, "file of %d bytes has too many blocks", size);
        return (int) n;
    }

    /** Digest of the bytes in memory (tests, and the reference for {@link #digest(Path, int, int)}). */
    public static FileDigest digest(byte[] content, int blockBytes) {
        int blocks = blockCount(content.length, blockBytes);
        long[] hashes = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            int off = i * blockBytes;
            hashes[i] = hashBlock(content, off, Math.min(blockBytes, content.length - off));
        }
        return new FileDigest(content.length, blockBytes, 0, hashes, wholeHash(content.length, hashes));
    }

    /**
     * Digest of the file at {@code file} from block {@code fromBlock}; the whole hash is 0 unless
     * {@code fromBlock == 0}. The size is the one seen when the read reached the end.
     */
    public static FileDigest digest(Path file, int blockBytes, int fromBlock) throws IOException {
        Check.argument(blockBytes > 0 && READ_CHUNK_BYTES % blockBytes == 0, "block size %d must divide %d",
                blockBytes, READ_CHUNK_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int blocks = blockCount(size, blockBytes);
            int first = Math.min(fromBlock, blocks);
            long[] hashes = new long[blocks - first];
            ByteBuffer buf = BUFFERS.get();
            long pos = (long) first * blockBytes;
            int index = 0;
            while (pos < size && index < hashes.length) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), size - pos));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        break;
                    }
                }
                int filled = buf.position();
                for (int off = 0; off < filled && index < hashes.length; off += blockBytes) {
                    hashes[index++] = HASH.hash(buf, off, Math.min(blockBytes, filled - off), SEED);
                }
                if (filled < buf.limit()) {
                    size = pos + filled; // shrank while we read
                    break;
                }
                pos += filled;
            }
            if (index < hashes.length) {
                hashes = java.util.Arrays.copyOf(hashes, index);
            }
            long whole = first == 0 ? wholeHash(size, hashes) : 0;
            return new FileDigest(size, blockBytes, first, hashes, whole);
        }
    }
}
