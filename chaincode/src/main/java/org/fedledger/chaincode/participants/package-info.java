/**
 * Participant registration by org admins and identity look-ups. Entry point:
 * {@link org.fedledger.chaincode.participants.ParticipantService}.
 */
package org.fedledger.chaincode.participants;
