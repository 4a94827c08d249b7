package org.duplex.fs.filter;

/** The process that caused an operation, as the kernel reports it ({@code fuse_req_ctx}). */
public record Caller(int uid, int gid, int pid) {}
