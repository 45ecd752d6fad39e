package org.fedledger.audit.report;

/**
 * A contributor's credits in a task with incentives at the end of the audited rounds.
 *
 * @param contributor its identity id
 * @param msp its organisation
 * @param dataCredit its data credit (admitted samples)
 * @param contributionCredit its contribution credit
 * @param rounds the FINAL rounds it contributed to
 */
public record CreditEntry(String contributor, String msp, long dataCredit, long contributionCredit, int rounds) {
}
