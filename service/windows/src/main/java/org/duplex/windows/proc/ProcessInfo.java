package org.duplex.windows.proc;

import java.util.Optional;

/**
 * One running process: pid, image name ({@code postgres.exe}) and, when Windows lets us read it,
 * the full command line (needed for SafeKit's {@code argregex}).
 */
public record ProcessInfo(long pid, String imageName, Optional<String> commandLine) {}
