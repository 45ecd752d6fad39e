package org.fedledger.audit.report;

/**
 * A contributor's credits in a task with incentives at the end of the audited rounds.
 *
 * @param contributor its identity id
 * @param msp its organisation
 * @param dataCredit its data credit (admitted samples)
 * @param contributionCredit its contribution credit
 * @param rounds the FINAL rounds it contributed to
 * @param penaltyCredit the credits its penalties cost it
 */
public record CreditEntry(String contributor, String msp, long dataCredit, long contributionCredit, int rounds,
        long penaltyCredit) {
    /**
     * Credits that no penalty cost anything.
     *
     * @param contributor its identity id
     * @param msp its organisation
     * @param dataCredit its data credit
     * @param contributionCredit its contribution credit
     * @param rounds the FINAL rounds it contributed to
     */
    public CreditEntry(String contributor, String msp, long dataCredit, long contributionCredit, int rounds) {
        this(contributor, msp, dataCredit, contributionCredit, rounds, 0);
    }
}
