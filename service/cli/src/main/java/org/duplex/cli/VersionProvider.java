package org.duplex.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version the build wrote into the jar manifest. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = DuplexCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "duplex " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
