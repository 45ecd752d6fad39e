package org.fedledger.cli;

/**
 * What must be set up before the command can run (a network up, a profile present), said plainly.
 *
 * <pre>{@code
 * throw new SetupException("the local network is not up: run test-network/network.sh up");
 * }</pre>
 */
public final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to set it up */
    public SetupException(String message) {
        super(message);
    }
}
