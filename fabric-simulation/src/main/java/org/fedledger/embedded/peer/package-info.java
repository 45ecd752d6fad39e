/**
 * Each organisation's peer as an endorser: {@link org.fedledger.embedded.peer.Endorser} runs a signed
 * {@link org.fedledger.embedded.peer.Proposal} through the shim's own contract router against a
 * {@link org.fedledger.embedded.peer.SimulationStub}.
 */
package org.fedledger.embedded.peer;
