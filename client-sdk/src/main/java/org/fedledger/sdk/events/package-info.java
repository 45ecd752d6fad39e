/**
 * Typed, checkpointed protocol events: {@link org.fedledger.sdk.events.ProtocolEvents#subscribe}
 * with a {@link org.fedledger.sdk.events.FileCheckpointer} resumes after a restart without missing
 * or repeating an event.
 */
package org.fedledger.sdk.events;
