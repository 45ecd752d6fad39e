/**
 * Membership: role requests signed by the member itself, approval, role change and revocation by its
 * organisation's admin, and identity look-ups. Entry point:
 * {@link org.fedledger.chaincode.participants.ParticipantService}.
 */
package org.fedledger.chaincode.participants;
