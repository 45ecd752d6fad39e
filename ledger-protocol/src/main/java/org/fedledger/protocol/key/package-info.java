/**
 * Composite keys of the world state and private data ({@link org.fedledger.protocol.key.Keys}, the
 * entry point), collection names and transient-data names.
 */
package org.fedledger.protocol.key;
