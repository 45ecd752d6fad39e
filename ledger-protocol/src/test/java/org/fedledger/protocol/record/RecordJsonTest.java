package org.fedledger.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import org.fedledger.protocol.key.PayloadLayout;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.transaction.TaskDefinitionArgument;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Golden bytes: the exact world-state JSON every endorsing peer must write, and strict reading of it. */
class RecordJsonTest {
    static final String A = "ab".repeat(32);
    static final String C = "cd".repeat(32);
    static final ContentHash HASH_A = ContentHash.parse(A);
    static final ContentHash HASH_C = ContentHash.parse(C);

    static final RoundRecord ROUND = new RoundRecord("mnist", 3, RoundState.CLOSED, 2, ContentHash.parse(A), 1_700_000_000L,
            1_700_000_600L, 1_700_000_300L, List.of(new AcceptedUpdate("k1", "x509::CN=a", ContentHash.parse(C), 120)), List.of(), null,
                    0, List.of(), "tx7");
    static final String ROUND_JSON = "{\"accepted\":[{\"contributor\":\"x509::CN=a\",\"hash\":\"" + C
            + "\",\"key\":\"k1\",\"samples\":120}],\"baseModelHash\":\"" + A
            + "\",\"baseVersion\":2,\"closedAt\":1700000300,\"deadline\":1700000600,\"deadlineVotes\":[],"
            + "\"openedAt\":1700000000,"
            + "\"overCapacity\":[],\"proposalSeq\":0,\"round\":3,\"schemaVersion\":1,\"state\":\"CLOSED\",\"taskId\":\"mnist\",\"txId\":\"tx7\"}";

    static AggregationManifest manifest() {
        return AggregationManifest.builder().taskId("mnist").round(3).baseModelHash(ContentHash.parse(A))
                .rule(RuleSpec.of(RuleName.FEDAVG))
                .addInput(new ManifestInput("k1", "x509::CN=a", ContentHash.parse(C), 120, 1, 1))
                .outputHash(ContentHash.parse(C)).build();
    }

    private static <T extends Record> void golden(T record, String json) {
        assertThat(RecordJson.toBytes(record)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        assertThat(RecordJson.read(json, type)).isEqualTo(record);
    }

    @Nested
    class GoldenBytes {
        @Test
        void a_round_record() {
            golden(ROUND, ROUND_JSON);
        }

        @Test
        void a_round_that_lists_every_update_over_capacity_leaves_out_the_unlisted_count_and_one_that_does_not_names_it() {
            assertThat(RecordJson.write(ROUND)).doesNotContain("overCapacityUnlisted");
            RoundRecord flooded = new RoundRecord("t", 1, RoundState.CLOSED, 0, ContentHash.parse(A), 10, 20, 15L,
                    ROUND.accepted(), ROUND.accepted(), 7, 0, List.of(), "tx");
            String json = RecordJson.write(flooded);
            assertThat(json).contains("\"overCapacityUnlisted\":7");
            assertThat(RecordJson.read(json, RoundRecord.class)).isEqualTo(flooded);
            assertThat(flooded.overCapacityCount()).isEqualTo(8);
        }

        @Test
        void an_open_round_leaves_out_closed_at() {
            RoundRecord open = new RoundRecord("t", 1, RoundState.OPEN, 0, ContentHash.parse(A), 10, 20, null, null, null, null, 0, null,
                    "tx");
            golden(open, "{\"accepted\":[],\"baseModelHash\":\"" + A + "\",\"baseVersion\":0,\"deadline\":20,\"deadlineVotes\":[],"
                    + "\"openedAt\":10,\"overCapacity\":[],\"proposalSeq\":0,\"round\":1,\"schemaVersion\":1,\"state\":\"OPEN\",\"taskId\":\"t\","
                    + "\"txId\":\"tx\"}");
        }

        @Test
        void a_participant_record() {
            golden(ParticipantRecord.approved("x509::CN=alice,OU=client::CN=ca", "Org1MSP", List.of("trainer"),
                    "x509::CN=admin1", "tx1", 5), "{\"id\":\"x509::CN=alice,OU=client::CN=ca\",\"msp\":\"Org1MSP\","
                    + "\"registeredBy\":\"x509::CN=admin1\",\"roles\":[\"trainer\"],\"schemaVersion\":1,\"timestamp\":5,\"txId\":\"tx1\"}");
        }

        @Test
        void a_revoked_participant_record_names_the_admin_who_revoked_it() {
            ParticipantRecord revoked = new ParticipantRecord("x509::CN=alice", "Org1MSP", List.of("trainer"),
                    "x509::CN=admin1", "x509::CN=admin2", true, "tx2", 6);
            golden(revoked, "{\"changedBy\":\"x509::CN=admin2\",\"id\":\"x509::CN=alice\",\"msp\":\"Org1MSP\","
                    + "\"registeredBy\":\"x509::CN=admin1\",\"revoked\":true,\"roles\":[\"trainer\"],\"schemaVersion\":1,\"timestamp\":6,"
                    + "\"txId\":\"tx2\"}");
            assertThat(revoked.isRevoked()).isTrue();
            assertThat(new ParticipantRecord("x509::CN=a", "Org1MSP", List.of(), "x", null, false, "t", 1).revoked())
                    .isNull();
        }

        @Test
        void a_role_request_names_the_hash_of_the_certificate_that_signed_it() {
            golden(new RoleRequest("x509::CN=alice", "Org1MSP", List.of("trainer", "verifier"), HASH_C, "tx0", 4),
                    "{\"certificateHash\":\"" + C + "\",\"id\":\"x509::CN=alice\",\"msp\":\"Org1MSP\","
                            + "\"roles\":[\"trainer\",\"verifier\"],\"schemaVersion\":1,\"timestamp\":4,\"txId\":\"tx0\"}");
        }

        @Test
        void a_task_record_with_sorted_rule_parameters() {
            TaskRecord task = new TaskRecord("mnist", List.of(new TensorSpecRecord("w", List.of(2, 3))),
                    new RuleRecord("multi_krum", new TreeMap<>(Map.of("m", "2", "f", "1"))), 3, 10, 2, 600, 1000, 50,
                    4096, List.of("Org1MSP", "Org2MSP"), "x509::CN=c", "Org1MSP", 0, HASH_A, 0, "tx0", 7,
                    PayloadLayout.PER_ORGANISATION);
            golden(task, "{\"allowedOrgs\":[\"Org1MSP\",\"Org2MSP\"],\"attestationQuorum\":2,\"createdBy\":\"x509::CN=c\","
                    + "\"currentModelHash\":\"" + A
                    + "\",\"currentVersion\":0,\"lastRound\":0,\"maxOrgSharePercent\":50,\"maxPayloadBytes\":4096,"
                    + "\"maxSamples\":1000,\"maxUpdates\":10,\"minUpdates\":3,\"ownerMsp\":\"Org1MSP\","
                    + "\"payloadLayout\":\"PER_ORGANISATION\",\"roundDurationSeconds\":600,"
                    + "\"rule\":{\"name\":\"multi_krum\",\"params\":{\"f\":\"1\",\"m\":\"2\"}},"
                    + "\"schema\":[{\"name\":\"w\",\"shape\":[2,3]}],\"schemaVersion\":2,\"taskId\":\"mnist\",\"timestamp\":7,\"txId\":\"tx0\"}");
        }

        @Test
        void an_update_record() {
            golden(new UpdateRecord("mnist", 3, "x509::CN=a", "Org1MSP", ContentHash.parse(C), 100, 1, 120, 2, "tx9", 8),
                    "{\"baseVersion\":2,\"chunks\":1,\"contributor\":\"x509::CN=a\",\"hash\":\"" + C
                            + "\",\"msp\":\"Org1MSP\","
                            + "\"round\":3,\"samples\":120,\"schemaVersion\":1,\"size\":100,\"taskId\":\"mnist\",\"timestamp\":8,\"txId\":\"tx9\"}");
        }

        @Test
        void a_proposal_record_embeds_its_manifest_as_an_object() {
            AggregationManifest manifest = manifest();
            golden(new ProposalRecord("mnist", 3, 1, manifest, RecordJson.hash(manifest), HASH_C, 100, 1, "x509::CN=g",
                    "Org2MSP",
                    "tx5", 9), "{\"manifest\":" + RecordJson.write(manifest) + ",\"manifestHash\":\"" + RecordJson.hash(manifest).hex()
                            + "\",\"msp\":\"Org2MSP\",\"outputChunks\":1,\"outputHash\":\"" + C
                            + "\",\"outputSize\":100,"
                            + "\"proposer\":\"x509::CN=g\",\"round\":3,\"schemaVersion\":2,\"seq\":1,\"taskId\":\"mnist\",\"timestamp\":9,"
                            + "\"txId\":\"tx5\"}");
        }

        @Test
        void an_attestation_record() {
            golden(new AttestationRecord("mnist", 3, 1, "Org3MSP", "x509::CN=v", Verdict.AGREE, HASH_C, "tx6", 10),
                    "{\"computedHash\":\"" + C + "\",\"msp\":\"Org3MSP\",\"round\":3,\"schemaVersion\":1,\"seq\":1,\"taskId\":\"mnist\","
                            + "\"timestamp\":10,\"txId\":\"tx6\",\"verdict\":\"AGREE\",\"verifier\":\"x509::CN=v\"}");
        }

        @Test
        void a_model_record_and_the_initial_one_without_manifest_hash() {
            golden(new ModelRecord("mnist", 1, HASH_C, 100, 1, 3, 1, HASH_A, List.of("Org1MSP", "Org3MSP"), "tx6", 10),
                    "{\"attestedBy\":[\"Org1MSP\",\"Org3MSP\"],\"chunks\":1,\"hash\":\"" + C
                            + "\",\"manifestHash\":\"" + A
                            + "\",\"proposalSeq\":1,\"round\":3,\"schemaVersion\":1,\"size\":100,\"taskId\":\"mnist\",\"timestamp\":10,"
                            + "\"txId\":\"tx6\",\"version\":1}");
            golden(new ModelRecord("mnist", 0, HASH_C, 100, 1, 0, 0, null, List.of(), "tx0", 7),
                    "{\"attestedBy\":[],\"chunks\":1,\"hash\":\"" + C + "\",\"proposalSeq\":0,\"round\":0,\"schemaVersion\":1,\"size\":100,"
                            + "\"taskId\":\"mnist\",\"timestamp\":7,\"txId\":\"tx0\",\"version\":0}");
        }

        @Test
        void whoami_and_key_history_answers() {
            golden(new CallerIdentity("x509::CN=a", "Org1MSP", false, true, false, List.of("trainer")),
                    "{\"admin\":false,\"id\":\"x509::CN=a\",\"msp\":\"Org1MSP\",\"registered\":true,\"revoked\":false,"
                            + "\"roles\":[\"trainer\"]}");
            golden(new KeyHistoryEntry("tx1", 5, false, "{}"),
                    "{\"isDelete\":false,\"timestamp\":5,\"txId\":\"tx1\",\"value\":\"{}\"}");
        }

        @Test
        void the_task_definition_argument_of_create_task() {
            golden(new TaskDefinitionArgument("mnist", List.of(new TensorSpecRecord("w", List.of(784, 10)),
                    new TensorSpecRecord("b", List.of(10))), new RuleRecord("fedavg", new TreeMap<>()), 2, 10, 2, 600,
                    100_000, 1_048_576, List.of("Org1MSP", "Org2MSP", "Org3MSP"), 40),
                    "{\"allowedOrgs\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],\"attestationQuorum\":2,\"maxOrgSharePercent\":40,"
                            + "\"maxPayloadBytes\":1048576,\"maxSamples\":100000,\"maxUpdates\":10,\"minUpdates\":2,\"roundDurationSeconds\":600,"
                            + "\"rule\":{\"name\":\"fedavg\",\"params\":{}},\"schema\":[{\"name\":\"w\",\"shape\":[784,10]},"
                            + "{\"name\":\"b\",\"shape\":[10]}],\"taskId\":\"mnist\"}");
        }

        @Test
        void a_list_of_records_is_an_array_in_list_order() {
            String json = RecordJson.write(List.of(ROUND, ROUND));
            assertThat(json).isEqualTo("[" + ROUND_JSON + "," + ROUND_JSON + "]");
            assertThat(RecordJson.readList(json, RoundRecord.class)).containsExactly(ROUND, ROUND);
        }
    }

    /** Issue 22: stored records carry their layout's version, so the strict codec can evolve across upgrades. */
    @Nested
    class SchemaVersions {
        @Test
        void every_record_the_chaincode_stores_carries_a_version_and_nothing_else_does() {
            // The task record is at version 2 (its payload layout), the proposal too (its manifest's
            // evidence); the others at 1.
            assertThat(RecordJson.schemaVersion(TaskRecord.class)).isEqualTo(2);
            assertThat(RecordJson.schemaVersion(ProposalRecord.class)).isEqualTo(2);
            for (Class<? extends Record> stored : List.of(RoundRecord.class, UpdateRecord.class,
                    AttestationRecord.class, ModelRecord.class, ParticipantRecord.class,
                    RoleRequest.class)) {
                assertThat(RecordJson.schemaVersion(stored)).as(stored.getSimpleName()).isEqualTo(1);
            }
            for (Class<? extends Record> value : List.of(AcceptedUpdate.class, RuleRecord.class, TensorSpecRecord.class,
                    CallerIdentity.class, KeyHistoryEntry.class, TaskDefinitionArgument.class)) {
                assertThat(RecordJson.schemaVersion(value)).as(value.getSimpleName()).isZero();
            }
            // A manifest's hash is its JSON's: it carries no version, so it stays what it was.
            assertThat(RecordJson.write(manifest())).doesNotContain(RecordJson.SCHEMA_FIELD);
        }

        @Test
        void a_record_stored_before_versions_existed_reads_as_version_1() {
            String before = ROUND_JSON.replace("\"schemaVersion\":1,", "");
            assertThat(before).doesNotContain(RecordJson.SCHEMA_FIELD);
            assertThat(RecordJson.read(before, RoundRecord.class)).isEqualTo(ROUND);
            assertThat(RecordJson.readList("[" + before + "," + ROUND_JSON + "]", RoundRecord.class))
                    .containsExactly(ROUND, ROUND);
        }

        @Test
        void a_version_1_task_record_reads_with_the_shared_payload_layout_and_is_written_back_as_version_2() {
            TaskRecord task = new TaskRecord("mnist", List.of(new TensorSpecRecord("w", List.of(2))),
                    new RuleRecord("fedavg", null), 2, 3, 2, 600, 1000, 50, 4096, List.of("Org1MSP", "Org2MSP"),
                    "x509::CN=c", "Org1MSP", 0, HASH_A, 0, "tx0", 7, PayloadLayout.SHARED);
            String v1 = RecordJson.write(task).replace("\"payloadLayout\":\"SHARED\",", "")
                    .replace("\"schemaVersion\":2,", "\"schemaVersion\":1,");
            assertThat(v1).doesNotContain("payloadLayout");
            TaskRecord read = RecordJson.read(v1, TaskRecord.class);
            assertThat(read.payloadLayout()).isEqualTo(PayloadLayout.SHARED);
            assertThat(read).isEqualTo(task);
            assertThat(RecordJson.write(read)).contains("\"payloadLayout\":\"SHARED\"", "\"schemaVersion\":2");
            // a version 2 record names its layout; a layout this code does not know is refused
            assertThatThrownBy(() -> RecordJson.read(RecordJson.write(task).replace("SHARED", "EVERYWHERE"),
                    TaskRecord.class)).isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.payloadLayout"));
        }

        @Test
        void a_record_of_a_newer_version_is_refused_naming_the_versions() {
            String newer = ROUND_JSON.replace("\"schemaVersion\":1,", "\"schemaVersion\":2,");
            assertThatThrownBy(() -> RecordJson.read(newer, RoundRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class, e -> {
                        assertThat(e.path()).isEqualTo("$.schemaVersion");
                        assertThat(e.problem()).startsWith("NEWER_SCHEMA: RoundRecord written with schema version 2;")
                                .contains("reads up to version 1");
                    });
        }

        @Test
        void a_version_that_is_no_positive_integer_is_refused() {
            for (String bad : List.of("0", "-1", "\"1\"", "true")) {
                String json = ROUND_JSON.replace("\"schemaVersion\":1,", "\"schemaVersion\":" + bad + ",");
                assertThatThrownBy(() -> RecordJson.read(json, RoundRecord.class)).as(bad)
                        .isInstanceOfSatisfying(RecordFormatException.class,
                                e -> assertThat(e.path()).isEqualTo("$.schemaVersion"));
            }
        }

        @Test
        void a_value_that_is_not_a_stored_record_has_no_version_field() {
            String json = "{\"name\":\"w\",\"schemaVersion\":1,\"shape\":[2,3]}";
            assertThatThrownBy(() -> RecordJson.read(json, TensorSpecRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.schemaVersion"));
        }
    }

    @Nested
    class StrictReading {
        @Test
        void refuses_an_unknown_field_naming_it() {
            String json = ROUND_JSON.replace("\"txId\":\"tx7\"}", "\"txId\":\"tx7\",\"extra\":1}");
            assertThatThrownBy(() -> RecordJson.read(json, RoundRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.extra"));
        }

        @Test
        void refuses_a_missing_required_field_naming_it() {
            String json = ROUND_JSON.replace("\"proposalSeq\":0,", "");
            assertThatThrownBy(() -> RecordJson.read(json, RoundRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class, e -> {
                        assertThat(e.path()).isEqualTo("$.proposalSeq");
                        assertThat(e.problem()).isEqualTo("is required");
                    });
        }

        @Test
        void refuses_wrong_types_out_of_range_integers_and_unknown_states_in_nested_values() {
            assertThatThrownBy(() -> RecordJson.read(ROUND_JSON.replace("\"samples\":120", "\"samples\":\"120\""),
                    RoundRecord.class)).isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.accepted[0].samples"));
            assertThatThrownBy(() -> RecordJson.read(ROUND_JSON.replace("\"round\":3", "\"round\":2147483648"),
                    RoundRecord.class)).isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.round"));
            assertThatThrownBy(() -> RecordJson.read(ROUND_JSON.replace("CLOSED", "closed"), RoundRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.state"));
        }

        @Test
        void refuses_malformed_json_and_an_invalid_embedded_manifest() {
            assertThatThrownBy(() -> RecordJson.read("{\"a\":1,}", RoundRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class, e -> assertThat(e.path()).isEqualTo("$"));
            AggregationManifest manifest = manifest();
            String json = RecordJson.write(new ProposalRecord("mnist", 3, 1, manifest, HASH_A, HASH_C, 1, 1, "p", "m", "t", 1))
                    .replace("\"round\":3,\"rule\"", "\"round\":0,\"rule\"");
            assertThatThrownBy(() -> RecordJson.read(json, ProposalRecord.class))
                    .isInstanceOfSatisfying(RecordFormatException.class,
                            e -> assertThat(e.path()).isEqualTo("$.manifest.round"));
        }

        @Test
        void refuses_a_malformed_hash_in_every_hash_field_as_it_refuses_an_update_hash() {
            refusedLikeAnUpdateHash(new UpdateRecord("mnist", 3, "x509::CN=a", "Org1MSP", HASH_C, 100, 1, 120, 2, "tx9",
                    8), "hash", C);

            refusedLikeAnUpdateHash(new TaskRecord("mnist", List.of(new TensorSpecRecord("w", List.of(2))),
                    new RuleRecord("fedavg", null), 2, 3, 2, 600, 1000, 50, 4096, List.of("Org1MSP"), "x509::CN=c",
                    "Org1MSP", 0, HASH_A, 0, "tx0", 7, PayloadLayout.PER_ORGANISATION), "currentModelHash", A);
            ModelRecord model = new ModelRecord("mnist", 1, HASH_C, 100, 1, 3, 1, HASH_A, List.of("Org2MSP"), "tx6", 10);
            refusedLikeAnUpdateHash(model, "hash", C);
            refusedLikeAnUpdateHash(model, "manifestHash", A);
            ContentHash manifestHash = RecordJson.hash(manifest());
            ProposalRecord proposal = new ProposalRecord("mnist", 3, 1, manifest(), manifestHash, HASH_A, 100, 1,
                    "x509::CN=g", "Org2MSP", "tx5", 9);
            refusedLikeAnUpdateHash(proposal, "manifestHash", manifestHash.hex());
            refusedLikeAnUpdateHash(proposal, "outputHash", A);
            refusedLikeAnUpdateHash(new AttestationRecord("mnist", 3, 1, "Org3MSP", "x509::CN=v", Verdict.AGREE, HASH_C,
                    "tx6", 10), "computedHash", C);
            refusedLikeAnUpdateHash(new RoleRequest("x509::CN=alice", "Org1MSP", List.of("trainer"), HASH_C, "tx0", 4),
                    "certificateHash", C);

            refusedLikeAnUpdateHash(new LedgerEvent.TaskCreated("mnist", 0, HASH_A), "modelHash", A);
            refusedLikeAnUpdateHash(new LedgerEvent.UpdateAccepted("mnist", 1, "x509::CN=a", "Org1MSP", HASH_C, "k1"),
                    "hash", C);
            LedgerEvent.ModelProposed proposed = new LedgerEvent.ModelProposed("mnist", 1, 1, HASH_C, HASH_A);
            refusedLikeAnUpdateHash(proposed, "outputHash", C);
            refusedLikeAnUpdateHash(proposed, "manifestHash", A);
            refusedLikeAnUpdateHash(new LedgerEvent.ModelFinal("mnist", 1, 1, 1, HASH_C, List.of("Org2MSP")), "hash", C);
        }

        /**
         * Reads {@code record}'s JSON with {@code field}'s hash {@code hex} in upper case, which only the string form
         * of a hash would accept, and expects the update hash's refusal naming that field.
         */
        private static void refusedLikeAnUpdateHash(Record record, String field, String hex) {
            String upper = hex.toUpperCase(Locale.ROOT);
            String json = RecordJson.write(record);
            String edited = json.replace("\"" + field + "\":\"" + hex + "\"", "\"" + field + "\":\"" + upper + "\"");
            assertThat(edited).as("%s holds %s", json, field).isNotEqualTo(json);
            assertThatThrownBy(() -> RecordJson.read(edited, record.getClass()))
                    .isInstanceOfSatisfying(RecordFormatException.class, e -> {
                        assertThat(e.path()).isEqualTo("$." + field);
                        assertThat(e.problem()).isEqualTo("MALFORMED_HASH: hash '" + upper
                                + "' must be a SHA-256 digest as 64 lowercase hexadecimal characters");
                    });
        }
    }
}
