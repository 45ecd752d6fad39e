/**
 * Hierarchical rounds: each organisation's exact partial sum of its trainers' internal updates, published
 * by its aggregator and attested by a second identity of it ({@link org.fedledger.chaincode.hierarchy.PartialSumService}).
 */
package org.fedledger.chaincode.hierarchy;
