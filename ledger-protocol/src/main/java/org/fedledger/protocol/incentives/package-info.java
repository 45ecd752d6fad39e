/**
 * The integer arithmetic of incentives (issue 24), one definition for the chaincode that writes
 * credits and reputation, the SDK that queries them and the audit that replays them:
 * {@link org.fedledger.protocol.incentives.Settlement}.
 */
package org.fedledger.protocol.incentives;
