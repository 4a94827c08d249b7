package org.duplex.resync.protocol;

/** Kinds of entries a replicated tree may hold; anything else (sockets, devices) is OTHER and skipped. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
}
