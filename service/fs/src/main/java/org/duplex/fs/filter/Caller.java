package org.duplex.fs.filter;

/**
 * The process that caused an operation, as the kernel reports it ({@code fuse_req_ctx}):
 * effective (fs) uid and gid, and {@code pid}, which is the calling <em>thread</em>'s id (equal
 * to the process id only for a process's main thread). All 0 for page-cache writeback.
 */
public record Caller(int uid, int gid, int pid) {}
