package org.duplex.fs.filter;

/**
 * A name in a directory: where a namespace operation (create, unlink, rename...) happens.
 *
 * @param parentIno  the filter's node id of the directory
 * @param parentPath the directory's path relative to the replicated directory ("" for the root)
 * @param parentFd   an {@code O_PATH} fd on the directory underneath, for the {@code *at} calls
 *                   of {@link org.duplex.fs.NativeFs}; owned by the filter, valid only during the upcall
 * @param name       one path component (no '/')
 */
public record EntryRef(long parentIno, String parentPath, int parentFd, String name) {

    /** The entry's path relative to the replicated directory, e.g. "a/b" + "c" = "a/b/c". */
    public String path() {
        return parentPath == null ? null : parentPath.isEmpty() ? name : parentPath + "/" + name;
    }
}
