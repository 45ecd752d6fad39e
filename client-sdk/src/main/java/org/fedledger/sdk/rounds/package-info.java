/**
 * The round driver: the one loop that runs a task's rounds for its coordinator and aggregator (open,
 * collect updates, close, aggregate and propose, await the verifiers' decision), resuming from
 * wherever the ledger says the task stands. Applications compose it and never re-implement it.
 *
 * <p>Entry point: {@link org.fedledger.sdk.rounds.RoundDriver#of}.
 */
package org.fedledger.sdk.rounds;
