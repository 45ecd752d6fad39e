/**
 * Organisations and their X.509 identities in Fabric's NodeOU style, each organisation with its own
 * CA: {@link org.fedledger.embedded.identity.Organisation} is the entry point.
 */
package org.fedledger.embedded.identity;
