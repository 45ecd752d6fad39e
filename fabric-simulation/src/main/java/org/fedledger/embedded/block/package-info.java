/**
 * Blocks and what they carry: {@link org.fedledger.embedded.block.Block} (header hash chain,
 * transactions, validation codes), {@link org.fedledger.embedded.block.Transaction},
 * {@link org.fedledger.embedded.block.Endorsement}, and the deterministic
 * {@link org.fedledger.embedded.block.Wire} encoding the block log stores.
 */
package org.fedledger.embedded.block;
