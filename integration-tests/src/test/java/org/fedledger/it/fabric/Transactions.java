package org.fedledger.it.fabric;

/**
 * The FedLedger transaction names these tests call, in one place (docs/ledger-model.md lists them
 * with their arguments).
 */
public final class Transactions {
    public static final String REGISTER_PARTICIPANT = "registerParticipant";
    public static final String WHO_AM_I = "whoAmI";
    public static final String CREATE_TASK = "createTask";
    public static final String OPEN_ROUND = "openRound";
    public static final String SUBMIT_UPDATE = "submitUpdate";
    public static final String CLOSE_ROUND = "closeRound";
    public static final String PROPOSE_MODEL = "proposeModel";
    public static final String ATTEST_MODEL = "attestModel";
    public static final String GET_TASK = "getTask";
    public static final String GET_ROUND = "getRound";
    public static final String LIST_UPDATES = "listUpdates";
    public static final String GET_GLOBAL_MODEL = "getGlobalModel";
    public static final String READ_UPDATE_PAYLOAD = "readUpdatePayload";
    public static final String READ_MODEL_PAYLOAD = "readModelPayload";

    private Transactions() {
    }
}
