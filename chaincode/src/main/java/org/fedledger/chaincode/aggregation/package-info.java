/**
 * Proposals, attestations and global models: the second half of the round state machine
 * (invariant 4 of {@code docs/architecture.md}). Entry points:
 * {@link org.fedledger.chaincode.aggregation.ProposalService} and
 * {@link org.fedledger.chaincode.aggregation.AttestationService}; models are read through
 * {@link org.fedledger.chaincode.aggregation.ModelService}.
 */
package org.fedledger.chaincode.aggregation;
