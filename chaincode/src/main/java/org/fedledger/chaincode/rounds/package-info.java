/**
 * The round state machine's first half: open and close (or fail) a round. Entry point:
 * {@link org.fedledger.chaincode.rounds.RoundService}; states are
 * {@link org.fedledger.protocol.record.RoundState}.
 */
package org.fedledger.chaincode.rounds;

import org.fedledger.protocol.record.RoundState;
