/**
 * The {@code fedledger} command line ({@link org.fedledger.cli.FedLedgerCli}): the demo, a verifier
 * service, watch and status.
 */
package org.fedledger.cli;
