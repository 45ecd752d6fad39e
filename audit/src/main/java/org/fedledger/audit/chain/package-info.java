/**
 * The raw chain, read and verified independently of the chaincode's records: Fabric blocks parsed with
 * fabric-protos, the header hash chain, the channel configuration from config blocks, and each
 * transaction's creator signature, endorsements and endorsement policy, checked with the JDK's crypto.
 */
package org.fedledger.audit.chain;
