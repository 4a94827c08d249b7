package org.duplex.console.users;

import org.duplex.node.control.AccessRole;

/** A console account: its name, its role and its password hash (never the password). */
public record ConsoleUser(String name, AccessRole role, String passwordHash) {}
