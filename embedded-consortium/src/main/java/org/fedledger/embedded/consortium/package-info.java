/**
 * A whole consortium in one JVM, for tests and local development: {@link
 * org.fedledger.embedded.consortium.Consortium} starts N organisations on the embedded ledger, each with
 * its verifier service, and a coordinator-aggregator that drives the task's rounds with the SDK's round
 * driver, and hands the caller a trainer profile per organisation.
 */
package org.fedledger.embedded.consortium;
