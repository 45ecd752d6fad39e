/**
 * Committed state with Fabric's versioning: {@link org.fedledger.embedded.state.WorldState} holds
 * public keys (version, history) and private data per member organisation;
 * {@link org.fedledger.embedded.state.ReadWriteSet} is what a simulation read and wrote.
 */
package org.fedledger.embedded.state;
