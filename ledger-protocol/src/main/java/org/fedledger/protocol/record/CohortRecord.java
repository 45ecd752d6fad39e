package org.fedledger.protocol.record;

import java.util.List;

/**
 * A secure round's cohort, written by {@code openRound} under
 * {@link org.fedledger.protocol.key.Keys#cohort(String, int)}: the trainers whose usable masking keys the
 * task held then, with those keys, in id order. Every trainer masks against exactly these, and the
 * shares' x coordinates are the members' positions (from 1).
 *
 * @param taskId the task
 * @param round the round
 * @param threshold the task's threshold
 * @param members the members, sorted by id
 */
@RecordJson.Schema(1)
public record CohortRecord(String taskId, int round, int threshold, List<Member> members) {
    /**
     * Copies the list.
     *
     * @param taskId the task
     * @param round the round
     * @param threshold the task's threshold
     * @param members the members, sorted by id
     */
    public CohortRecord {
        members = Records.copy(members);
    }

    /**
     * One member of a cohort.
     *
     * @param trainer the trainer's identity id
     * @param msp its organisation
     * @param maskPublicKey its X25519 mask public key, hex
     * @param sharePublicKey its X25519 share public key, hex
     */
    public record Member(String trainer, String msp, String maskPublicKey, String sharePublicKey) {
    }
}
