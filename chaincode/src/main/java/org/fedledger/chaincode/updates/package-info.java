/**
 * Trainers' updates: submission, listings, contributor history and payload reads. Entry point:
 * {@link org.fedledger.chaincode.updates.UpdateService}.
 */
package org.fedledger.chaincode.updates;
