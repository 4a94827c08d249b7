package org.duplex.node.control;

/** What a command did: a one-line message for the operator and the module's state after it. */
public record CommandResult(String message, ModuleStatus status) {}
