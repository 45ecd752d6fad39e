/**
 * The round driver: the one loop that runs a task's rounds for its coordinator and aggregator (open,
 * collect updates, close, aggregate and propose, await the verifiers' decision, propose again after a
 * dispute), resuming from wherever the ledger says the task stands, and the strategy it shares with
 * every organisation's verifier service (how the aggregate is computed, what a verifier checks before
 * it attests). Applications compose them and never re-implement them.
 *
 * <p>Entry points: {@link org.fedledger.sdk.rounds.RoundDriver#of}, {@link org.fedledger.sdk.rounds.RoundStrategy#standard()}.
 */
package org.fedledger.sdk.rounds;
