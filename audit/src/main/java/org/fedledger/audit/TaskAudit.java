package org.fedledger.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.fedledger.audit.chain.BlockSource;
import org.fedledger.audit.chain.ChainEvidence;
import org.fedledger.audit.chain.ChainReader;
import org.fedledger.audit.chain.ChannelConfig;
import org.fedledger.audit.chain.TransactionEvidence;
import org.fedledger.audit.report.AttestationEntry;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.ChainSummary;
import org.fedledger.audit.report.Contribution;
import org.fedledger.audit.report.EvidenceEntry;
import org.fedledger.audit.report.ExclusionEntry;
import org.fedledger.audit.report.Finding;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.audit.report.InputEntry;
import org.fedledger.audit.report.ProposalEntry;
import org.fedledger.audit.report.ProposalReplay;
import org.fedledger.audit.report.RoundEntry;
import org.fedledger.audit.report.Severity;
import org.fedledger.audit.report.Timings;
import org.fedledger.audit.report.VersionEntry;
import org.fedledger.audit.report.VersionReplay;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ClosedRound;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.manifest.ManifestMismatchException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.mapping.HierarchicalRoundInputs;
import org.fedledger.protocol.mapping.SecureRoundInputs;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordFormatException;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Auditor;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.incentives.Incentives;
import org.fedledger.sdk.payload.IntegrityException;

/**
 * One audit of one task, through the SDK's read-only {@link Auditor} role: it reads the records, reads
 * and verifies every block, checks each record against the transaction that wrote it, fetches every
 * payload and replays every aggregation, and reports lineage, contributions and findings. It writes
 * nothing. The identity must be a member of the payload collections and hold the auditor role to
 * replay (see {@code docs/audit.md}).
 *
 * <pre>{@code
 * try (FedLedger ledger = FedLedger.open(profile)) {
 *     AuditReport report = TaskAudit.of(ledger).run("breast-cancer");
 *     System.out.println(report.verdict());
 * }
 * }</pre>
 */
public final class TaskAudit {
    /** The chaincode name the records are written under, unless told otherwise. */
    public static final String DEFAULT_CHAINCODE = "fedledger";
    /** Reads in flight at once: records, blocks and payloads are each one round trip to the peer. */
    private static final int FETCH_THREADS = 8;

    private final Auditor auditor;
    private final Incentives incentives;
    private final String auditorId;
    private final BlockSource blocks;
    private final String chaincode;

    private TaskAudit(Auditor auditor, Incentives incentives, String auditorId, BlockSource blocks, String chaincode) {
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.incentives = Objects.requireNonNull(incentives, "incentives");
        this.auditorId = Objects.requireNonNull(auditorId, "auditorId");
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.chaincode = Objects.requireNonNull(chaincode, "chaincode");
    }

    /** @return an audit acting as {@code ledger}'s identity, reading blocks from its peer */
    public static TaskAudit of(FedLedger ledger) {
        Auditor a = ledger.auditor();
        return new TaskAudit(a, ledger.incentives(), ledger.whoAmI().id(), BlockSource.of(a::blockHeight, a::block),
                DEFAULT_CHAINCODE);
    }

    /** @return this audit with the chaincode name the records were written under */
    public TaskAudit chaincode(String name) {
        return new TaskAudit(auditor, incentives, auditorId, blocks, name);
    }

    /** @return this audit reading blocks from {@code source} instead of the auditor's peer */
    public TaskAudit blocks(BlockSource source) {
        return new TaskAudit(auditor, incentives, auditorId, source, chaincode);
    }

    /**
     * Audits {@code taskId}.
     *
     * @param taskId the task
     * @return the report; problems with the ledger's history are findings, never exceptions
     * @throws ContractRefusedException when the task does not exist or the identity may not read it
     * @throws org.fedledger.sdk.errors.LedgerUnavailableException when the peer is not reached
     */
    public AuditReport run(String taskId) {
        ExecutorService fetches = Executors.newFixedThreadPool(FETCH_THREADS, r -> {
            Thread t = new Thread(r, "audit-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            return new Run(taskId, fetches).execute();
        } finally {
            fetches.shutdownNow();
        }
    }

    /**
     * Runs {@code fetch} over {@code items} on the fetch threads and returns the results in order: each
     * fetch is a round trip to the peer, so several are kept in flight.
     */
    private static <T, R> List<R> fetchAll(ExecutorService fetches, List<T> items, Function<T, R> fetch) {
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(fetches.submit(() -> fetch.apply(item)));
        }
        List<R> results = new ArrayList<>();
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the audit was interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    /** One run's state. */
    private final class Run {
        private final String taskId;
        private final List<Finding> findings = new ArrayList<>();
        private final Set<String> txReported = new HashSet<>();
        private ChainEvidence chain;
        private TaskRecord task;
        private final List<RoundRecord> rounds = new ArrayList<>();
        private final Map<Integer, List<UpdateRecord>> updates = new TreeMap<>();
        /** A hierarchical task's partial sums by round (none for another task). */
        private final Map<Integer, List<PartialSumRecord>> partials = new TreeMap<>();
        private final Map<Integer, List<ProposalRecord>> proposals = new TreeMap<>();
        /** The task's incentive rules, read once with the records. */
        private Optional<TaskIncentivesRecord> incentiveRules = Optional.empty();
        /** The transactions that wrote penalties of disputed proposals. */
        private final Set<String> penaltyTxIds = new HashSet<>();
        private final Map<String, List<AttestationRecord>> attestations = new HashMap<>();
        private final List<ModelRecord> models = new ArrayList<>();
        private final Map<String, ProposalReplay> replayOutcome = new HashMap<>();
        private final Map<String, ContentHash> replayedHash = new HashMap<>();
        private long payloadBytes;

        private final ExecutorService fetches;

        Run(String taskId, ExecutorService fetches) {
            this.taskId = taskId;
            this.fetches = fetches;
        }

        AuditReport execute() {
            long t0 = System.nanoTime();
            readRecords();
            long t1 = System.nanoTime();
            // A close weighing by reputation read values other tasks may have written: keep their writers too.
            String reputations = Keys.key(Keys.REPUTATION);
            chain = new ChainReader(chaincode).read(prefetched(), referencedTransactions()::contains,
                    incentiveRules.isPresent() ? key -> key.startsWith(reputations) : null);
            findings.addAll(chain.findings());
            long t2 = System.nanoTime();
            crossCheck();
            long t3 = System.nanoTime();
            replay();
            Optional<IncentivesReplay> incentivesReplay = incentiveRules
                    .map(rules -> new IncentivesReplay(task, rules, incentives, chain));
            incentivesReplay.ifPresent(r -> findings.addAll(r.run(rounds, updates, proposals, attestations, models)));
            long t4 = System.nanoTime();
            Timings timings = new Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t4 - t0), payloadBytes);
            Optional<ChannelConfig> config = chain.config();
            ChainSummary summary = new ChainSummary(chain.height(), chain.totalTransactions(), chain.validTransactions(),
                    chain.transactions().size(),
                    config.map(c -> c.organisations().stream().sorted().toList()).orElse(List.of()),
                    config.map(ChannelConfig::endorsementPolicy).orElse("none"),
                    config.map(ChannelConfig::configBlock).orElse(-1L));
            return new AuditReport(taskId, AuditVerdict.of(findings), auditorId, summary, lineage(), roundEntries(),
                    contributions(), findings, timings, incentivesReplay.map(IncentivesReplay::entries).orElse(List.of()),
                    incentivesReplay.map(IncentivesReplay::credits).orElse(List.of()));
        }

        // ---- records ------------------------------------------------------------------------------

        private void readRecords() {
            task = auditor.task(taskId);
            List<Integer> numbers = java.util.stream.IntStream.rangeClosed(1, task.lastRound()).boxed().toList();
            rounds.addAll(fetchAll(fetches, numbers, r -> auditor.round(taskId, r)));
            List<List<UpdateRecord>> us = fetchAll(fetches, numbers, r -> auditor.updates(taskId, r));
            List<String> proposalKeys = new ArrayList<>();
            List<int[]> proposalIds = new ArrayList<>();
            for (RoundRecord round : rounds) {
                updates.put(round.round(), us.get(round.round() - 1));
                for (int seq = 1; seq <= round.proposalSeq(); seq++) {
                    proposalIds.add(new int[] {round.round(), seq});
                    proposalKeys.add(Keys.proposal(taskId, round.round(), seq));
                }
                proposals.put(round.round(), new ArrayList<>());
            }
            List<ProposalRecord> ps = fetchAll(fetches, proposalIds, id -> auditor.proposal(taskId, id[0], id[1]));
            List<List<AttestationRecord>> as = fetchAll(fetches, proposalIds,
                    id -> auditor.attestations(taskId, id[0], id[1]));
            for (int i = 0; i < ps.size(); i++) {
                proposals.get(ps.get(i).round()).add(ps.get(i));
                attestations.put(proposalKeys.get(i), as.get(i));
            }
            incentiveRules = incentives.rules(taskId);
            if (incentiveRules.filter(r -> r.rules().penalisesDisputedProposals()).isPresent()) {
                // A disputed proposal's penalty is written by the transaction that disputed it, which no other
                // record names: only rounds with a proposal that is not their final one can hold one.
                List<Integer> contested = rounds.stream().filter(r -> r.proposalSeq() > (r.state() == RoundState.FINAL
                        ? 1 : 0)).map(RoundRecord::round).toList();
                fetchAll(fetches, contested, r -> incentives.penalties(taskId, r)).forEach(list -> list.stream()
                        .filter(p -> p.kind() == PenaltyKind.PROPOSAL_DISPUTED).forEach(p -> penaltyTxIds.add(p.txId())));
            }
            if (hierarchical()) {
                List<List<PartialSumRecord>> sums = fetchAll(fetches, numbers, r -> auditor.partialSums(taskId, r));
                for (RoundRecord round : rounds) {
                    partials.put(round.round(), sums.get(round.round() - 1));
                }
            }
            List<Long> versions = java.util.stream.LongStream.rangeClosed(0, task.currentVersion()).boxed().toList();
            models.addAll(fetchAll(fetches, versions, v -> auditor.model(taskId, v)));
        }

        /** @return the ids of every transaction a record of the task names */
        private Set<String> referencedTransactions() {
            Set<String> ids = new HashSet<>();
            ids.add(task.txId());
            rounds.forEach(r -> ids.add(r.txId()));
            updates.values().forEach(us -> us.forEach(u -> ids.add(u.txId())));
            proposals.values().forEach(ps -> ps.forEach(p -> ids.add(p.txId())));
            attestations.values().forEach(as -> as.forEach(a -> ids.add(a.txId())));
            models.forEach(m -> ids.add(m.txId()));
            ids.addAll(penaltyTxIds);
            partials.values().forEach(ps -> ps.forEach(p -> {
                ids.add(p.txId());
                ids.add(p.publishTxId());
            }));
            return ids;
        }

        private boolean hierarchical() {
            return task.rule().spec().hierarchical();
        }

        /** @return the blocks, fetched several at a time and then read in order */
        private BlockSource prefetched() {
            List<Long> numbers = java.util.stream.LongStream.range(0, blocks.height()).boxed().toList();
            List<byte[]> all = fetchAll(fetches, numbers, blocks::block);
            return BlockSource.of(all::size, n -> all.get(Math.toIntExact(n)));
        }

        // ---- cross-check against the chain ---------------------------------------------------------

        private void crossCheck() {
            check(0, "task " + taskId, task.txId(), Keys.task(taskId), null, null, Set.of(task.createdBy()), null);
            for (RoundRecord r : rounds) {
                check(r.round(), "round " + r.round(), r.txId(), Keys.round(taskId, r.round()), r, RoundRecord.class,
                        null, null);
                for (UpdateRecord u : updates.get(r.round())) {
                    if (hierarchical()) {
                        internalUpdate(r.round(), u);
                        continue;
                    }
                    check(r.round(), "update of " + u.contributor(), u.txId(),
                            Keys.update(taskId, u.round(), u.contributor()), u, UpdateRecord.class,
                            Set.of(u.contributor()), Set.of(u.msp()));
                }
                for (PartialSumRecord p : partials.getOrDefault(r.round(), List.of())) {
                    String subject = "partial sum of " + p.msp();
                    check(r.round(), subject, p.publishTxId(), Keys.partialSum(taskId, p.round(), p.msp()), null, null,
                            Set.of(p.aggregator()), Set.of(p.msp()));
                    check(r.round(), subject, p.txId(), Keys.partialSum(taskId, p.round(), p.msp()), p,
                            PartialSumRecord.class, p.attested() ? Set.of(p.attestedBy()) : Set.of(p.aggregator()),
                            Set.of(p.msp()));
                }
                for (ProposalRecord p : proposals.get(r.round())) {
                    check(r.round(), "proposal " + p.seq(), p.txId(), Keys.proposal(taskId, p.round(), p.seq()), p,
                            ProposalRecord.class, Set.of(p.proposer()), Set.of(p.msp()));
                    for (AttestationRecord a : attestations.get(Keys.proposal(taskId, p.round(), p.seq()))) {
                        check(r.round(), "attestation of " + a.msp() + " to proposal " + a.seq(), a.txId(),
                                Keys.attestation(taskId, a.round(), a.seq(), a.msp()), a, AttestationRecord.class,
                                Set.of(a.verifier()), Set.of(a.msp()));
                    }
                }
            }
            for (ModelRecord m : models) {
                boolean initial = m.version() == 0;
                // A later model is written by the resolveRound of anyone with a role in the task's organisations.
                check(m.round(), "model version " + m.version(), m.txId(), Keys.model(taskId, m.version()), m,
                        ModelRecord.class, initial ? Set.of(task.createdBy()) : null,
                        initial ? null : Set.copyOf(task.allowedOrgs()));
                if (!initial) {
                    quorumBehind(m);
                }
            }
        }

        /**
         * A final model's {@code attestedBy} must be a quorum of eligible organisations (the proposer's
         * left out) whose AGREE attestations to that proposal are on the ledger (invariant 4).
         */
        private void quorumBehind(ModelRecord m) {
            Optional<ProposalRecord> proposal = proposals.getOrDefault(m.round(), List.of()).stream()
                    .filter(p -> p.seq() == m.proposalSeq()).findFirst();
            List<String> agreeing = proposal.map(p -> Quorum.tally(task, p,
                    attestations.getOrDefault(Keys.proposal(taskId, p.round(), p.seq()), List.of())).agreeing())
                    .orElse(List.of());
            if (!agreeing.containsAll(m.attestedBy()) || m.attestedBy().size() < task.attestationQuorum()) {
                findings.add(new Finding(FindingCode.QUORUM_UNSUPPORTED, Severity.ERROR, m.round(),
                        "model version " + m.version(), "a quorum of " + task.attestationQuorum() + " among "
                                + agreeing, String.join(",", m.attestedBy()), "model version " + m.version()
                                + " names " + m.attestedBy() + " as its quorum, but the AGREE attestations of"
                                + " organisations other than the proposer's to proposal " + m.proposalSeq()
                                + " of round " + m.round() + " are " + agreeing));
            }
        }

        /**
         * A hierarchical task's update: its record is private to its organisation, so the transaction it
         * names must be its trainer's, valid, endorsed as its internal collection requires, and must have
         * written a private value under the record's key whose hash is the hash of the record as the
         * partial sum names it.
         */
        private void internalUpdate(int round, UpdateRecord u) {
            String key = Keys.update(taskId, u.round(), u.contributor());
            check(round, "update of " + u.contributor(), u.txId(), key, null, null, Set.of(u.contributor()),
                    Set.of(u.msp()));
            Optional<String> written = chain.transaction(u.txId())
                    .flatMap(tx -> tx.privateWriteHash(Collections.internalOf(u.msp()), key));
            String expected = ContentHash.of(RecordJson.toBytes(u)).hex();
            if (written.isEmpty() || !written.get().equals(expected)) {
                findings.add(new Finding(FindingCode.RECORD_MISMATCH, Severity.ERROR, round, "update of "
                        + u.contributor(), expected, written.orElse("(no private write of " + Keys.printable(key) + ")"),
                        "the update record a partial sum names is not the private record its trainer's transaction"
                                + " wrote into " + Collections.internalOf(u.msp())));
            }
        }

        /**
         * Checks one record against the transaction it names: in the chain, VALID, signed by a good
         * creator among {@code creators} (any, when null) of {@code msps} (any, when null), endorsed to
         * the policy, and (when {@code type} is given) writing exactly {@code record} under {@code key}.
         */
        private <T extends Record> void check(int round, String subject, String txId, String key, T record,
                Class<T> type, Set<String> creators, Set<String> msps) {
            Optional<TransactionEvidence> found = chain.transaction(txId);
            if (found.isEmpty()) {
                findings.add(new Finding(FindingCode.TX_NOT_FOUND, Severity.ERROR, round, subject, txId, "",
                        "the " + subject + " names transaction " + txId + ", which is not in the chain"));
                return;
            }
            TransactionEvidence tx = found.get();
            String where = "transaction " + txId + " (block " + tx.block() + ")";
            if (!tx.valid()) {
                findings.add(new Finding(FindingCode.TX_INVALID, Severity.ERROR, round, subject, "VALID",
                        tx.validationCode().name(), "the " + subject + " names " + where + ", which the chain marks "
                                + tx.validationCode() + ": it never took effect"));
            }
            if (txReported.add(txId)) {
                tx.creatorProblem().ifPresent(p -> findings.add(Finding.error(FindingCode.BAD_CREATOR_SIGNATURE, round,
                        where, where + ": " + p)));
                if (!tx.endorsementProblems().isEmpty()) {
                    findings.add(Finding.error(FindingCode.BAD_ENDORSEMENT, round, where,
                            where + ": " + String.join("; ", tx.endorsementProblems())));
                }
                if (!tx.policySatisfied()) {
                    findings.add(new Finding(FindingCode.ENDORSEMENT_POLICY_NOT_MET, Severity.ERROR, round, where,
                            chain.config().map(ChannelConfig::endorsementPolicy).orElse("a channel configuration"),
                            String.join(",", new java.util.TreeSet<>(tx.endorsingOrganisations())),
                            where + " is not endorsed as the channel's policy requires"));
                }
            }
            String creator = tx.creatorId().orElse("");
            if ((creators != null && !creators.contains(creator)) || (msps != null && !msps.contains(tx.creatorMsp()))) {
                findings.add(new Finding(FindingCode.CREATOR_MISMATCH, Severity.ERROR, round, subject,
                        (creators != null ? String.join(",", creators) : "") + (msps != null ? " of " + msps : ""),
                        creator + " of " + tx.creatorMsp(), "the " + subject + " was written by " + where
                                + ", signed by someone other than the identity it names"));
            }
            if (type == null) {
                return;
            }
            byte[] written = tx.writes().get(key);
            String writtenJson = written == null ? "" : new String(written, StandardCharsets.UTF_8);
            boolean same;
            try {
                same = written != null && RecordJson.read(writtenJson, type).equals(record);
            } catch (RecordFormatException e) {
                same = false;
            }
            if (!same) {
                findings.add(new Finding(FindingCode.RECORD_MISMATCH, Severity.ERROR, round, subject,
                        written == null ? "(no write of " + Keys.printable(key) + ")" : writtenJson,
                        RecordJson.write(record), "the peer's " + subject + " is not what " + where + " wrote"));
            }
        }

        // ---- replay ------------------------------------------------------------------------------

        private void replay() {
            Map<Long, Optional<Model>> verifiedModels = new HashMap<>();
            for (RoundRecord round : rounds) {
                List<ProposalRecord> ps = proposals.get(round.round());
                if (ps.isEmpty()) {
                    continue;
                }
                Optional<Model> base = verifiedModels.computeIfAbsent(round.baseVersion(), this::verifiedModel);
                Map<String, byte[]> payloads = hierarchical() ? partialPayloads(round) : payloads(round);
                ClosedRound closed = RoundInputs.closedRound(task, round);
                Map<RuleSpec, RoundAggregate> byRule = new HashMap<>();
                for (ProposalRecord p : ps) {
                    String pk = Keys.proposal(taskId, p.round(), p.seq());
                    Optional<ModelRecord> produced = models.stream()
                            .filter(m -> m.version() > 0 && m.round() == p.round() && m.proposalSeq() == p.seq())
                            .findFirst();
                    Severity severity = produced.isPresent() ? Severity.ERROR : Severity.WARNING;
                    String subject = "proposal " + p.seq() + " by " + p.proposer() + " of " + p.msp();
                    try {
                        closed.check(p.manifest());
                    } catch (ManifestMismatchException e) {
                        findings.add(new Finding(FindingCode.MANIFEST_REJECTED, severity, p.round(), subject, "", "",
                                e.getMessage()));
                        replayOutcome.put(pk, ProposalReplay.MANIFEST_REJECTED);
                        wrongAttestations(p, severity);
                        continue;
                    }
                    if (base.isEmpty() || payloads == null) {
                        replayOutcome.put(pk, ProposalReplay.NOT_REPLAYED);
                        continue;
                    }
                    RoundAggregate again;
                    try {
                        // A secure round replays by unmasking: exact FedAvg over the survivors, bit for bit.
                        // A hierarchical round replays by merging the organisations' attested partial sums.
                        again = hierarchical() ? byRule.computeIfAbsent(p.manifest().rule(), rule ->
                                HierarchicalRoundInputs.merge(task, round, partials.get(round.round()), base.get(),
                                        partial -> payloads.get(partial.msp())))
                                : byRule.computeIfAbsent(p.manifest().rule(), rule -> auditor.secureRound(taskId,
                                round.round()).map(secure -> SecureRoundInputs.unmask(task, round, secure, base.get(),
                                        a -> payloads.get(a.key()))).orElseGet(() -> RoundInputs.aggregate(task, round,
                                                rule, base.get(), a -> payloads.get(a.key()))));
                    } catch (IllegalStateException | IllegalArgumentException e) {
                        findings.add(new Finding(FindingCode.OUTPUT_MISMATCH, severity, p.round(), subject,
                                p.outputHash().hex(), "", "the replay could not aggregate the round: " + e.getMessage()));
                        replayOutcome.put(pk, ProposalReplay.OUTPUT_MISMATCH);
                        wrongAttestations(p, severity);
                        continue;
                    }
                    ContentHash replayed = again.manifest().outputHash();
                    replayedHash.put(pk, replayed);
                    boolean manifestSame = again.manifest().equals(p.manifest());
                    boolean onlyEvidence = !manifestSame && replayed.equals(p.outputHash())
                            && !again.manifest().evidence().equals(p.manifest().evidence());
                    if (!replayed.equals(p.outputHash()) || !manifestSame) {
                        findings.add(new Finding(FindingCode.OUTPUT_MISMATCH, severity, p.round(), subject,
                                p.outputHash().hex(), replayed.hex(), manifestSame
                                        ? "the replayed aggregation of round " + p.round()
                                                + " does not reproduce the proposed output"
                                        : onlyEvidence ? "the proposal's evidence (what the rule did to each update)"
                                                + " differs from the evidence the replay computes: "
                                                + evidenceDifference(again.manifest(), p.manifest())
                                        : "the proposal's manifest differs from the one the replay computes"
                                                + " from the round's inputs"));
                        replayOutcome.put(pk, ProposalReplay.OUTPUT_MISMATCH);
                        wrongAttestations(p, severity);
                    } else {
                        replayOutcome.put(pk, ProposalReplay.MATCH);
                    }
                    produced.ifPresent(m -> {
                        if (!m.hash().equals(replayed)) {
                            findings.add(new Finding(FindingCode.OUTPUT_MISMATCH, Severity.ERROR, p.round(),
                                    "model version " + m.version(), m.hash().hex(), replayed.hex(), "global model "
                                            + m.version() + " is not the output the replay of round " + p.round()
                                            + " computes"));
                        }
                        verifiedModels.computeIfAbsent(m.version(), this::verifiedModel);
                    });
                }
            }
        }

        /** @return the first update whose evidence differs, with both values */
        private String evidenceDifference(AggregationManifest replayed, AggregationManifest proposed) {
            Map<String, InputEvidence> mine = new TreeMap<>();
            replayed.evidence().forEach(e -> mine.put(e.id(), e));
            for (InputEvidence e : proposed.evidence()) {
                InputEvidence expected = mine.remove(e.id());
                if (!e.equals(expected)) {
                    return "update " + Keys.printable(e.id()) + " has " + e + ", the replay " + expected;
                }
            }
            return mine.isEmpty() ? "" : "the proposal has no evidence for update "
                    + Keys.printable(mine.keySet().iterator().next());
        }

        /** Each AGREE to a proposal the replay rejects is a wrong attestation. */
        private void wrongAttestations(ProposalRecord p, Severity severity) {
            for (AttestationRecord a : attestations.get(Keys.proposal(taskId, p.round(), p.seq()))) {
                if (a.verdict() == Verdict.AGREE) {
                    findings.add(new Finding(FindingCode.WRONG_ATTESTATION, severity, p.round(),
                            "attestation of " + a.msp() + " by " + a.verifier(), "DISAGREE", "AGREE", a.msp()
                                    + " attested AGREE to proposal " + p.seq() + " of round " + p.round()
                                    + ", whose output the replay does not reproduce"));
                }
            }
        }

        /** @return the model's bytes checked against its record, or empty with a finding */
        private Optional<Model> verifiedModel(long version) {
            try {
                var m = auditor.verifiedModel(taskId, version);
                payloadBytes += m.record().size();
                return Optional.of(m.model());
            } catch (IntegrityException e) {
                findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, 0, "model version " + version,
                        e.expected().hex(), e.actual().hex(), "the stored payload of global model " + version
                                + " does not hash to its on-chain hash"));
            } catch (ContractRefusedException | ModelFormatException e) {
                findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, 0, "model version " + version,
                        "", "", "the payload of global model " + version + " cannot be read: " + e.getMessage()));
            }
            return Optional.empty();
        }

        /**
         * @return each accepted input's payload by key, each checked against its update record's hash, which
         *         must be the hash the round accepted; null when one is missing or bad (with a finding)
         */
        private Map<String, byte[]> payloads(RoundRecord round) {
            Map<String, UpdateRecord> byKey = new HashMap<>();
            for (UpdateRecord u : updates.get(round.round())) {
                byKey.put(Keys.update(taskId, u.round(), u.contributor()), u);
            }
            boolean complete = true;
            List<UpdateRecord> inputs = new ArrayList<>();
            for (AcceptedUpdate a : round.accepted()) {
                UpdateRecord u = byKey.get(a.key());
                if (u == null || !u.hash().equals(a.hash())) {
                    findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, round.round(),
                            subject(a.key(), a.contributor()), a.hash().hex(), u == null ? "" : u.hash().hex(), u == null
                                    ? "the round accepted an input that has no update record"
                                    : "the round accepted a hash other than its update record's"));
                    complete = false;
                } else {
                    inputs.add(u);
                }
            }
            List<Object> fetched = fetchAll(fetches, inputs, u -> {
                try {
                    return auditor.updatePayload(u);
                } catch (IntegrityException | ContractRefusedException e) {
                    return e;
                }
            });
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i < fetched.size(); i++) {
                UpdateRecord u = inputs.get(i);
                String subject = subject(Keys.update(taskId, u.round(), u.contributor()), u.contributor());
                if (fetched.get(i) instanceof IntegrityException e) {
                    findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, round.round(), subject,
                            e.expected().hex(), e.actual().hex(), "the stored payload of the update of "
                                    + u.contributor() + " to round " + round.round()
                                    + " does not hash to its on-chain hash"));
                    complete = false;
                } else if (fetched.get(i) instanceof ContractRefusedException e) {
                    findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, round.round(), subject,
                            u.hash().hex(), "", "the payload cannot be read: " + e.getMessage()));
                    complete = false;
                } else {
                    byte[] bytes = (byte[]) fetched.get(i);
                    payloadBytes += bytes.length;
                    out.put(Keys.update(taskId, u.round(), u.contributor()), bytes);
                }
            }
            return complete ? out : null;
        }

        /**
         * @return each attested partial sum's payload by organisation, checked against its record's hash; null
         *         when one is missing or bad (with a finding)
         */
        private Map<String, byte[]> partialPayloads(RoundRecord round) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            boolean complete = true;
            for (PartialSumRecord p : partials.getOrDefault(round.round(), List.of())) {
                if (!p.attested()) {
                    continue;
                }
                try {
                    byte[] bytes = auditor.partialSumPayload(p);
                    payloadBytes += bytes.length;
                    out.put(p.msp(), bytes);
                } catch (IntegrityException e) {
                    findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, round.round(),
                            "partial sum of " + p.msp(), e.expected().hex(), e.actual().hex(), "the stored payload of the"
                                    + " partial sum of " + p.msp() + " does not hash to its on-chain hash"));
                    complete = false;
                } catch (ContractRefusedException e) {
                    findings.add(new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, round.round(),
                            "partial sum of " + p.msp(), p.hash().hex(), "", "the payload cannot be read: "
                                    + e.getMessage()));
                    complete = false;
                }
            }
            return complete ? out : null;
        }

        private static String subject(String updateKey, String contributor) {
            return "input " + Keys.printable(updateKey) + " of " + contributor;
        }

        // ---- report parts ------------------------------------------------------------------------

        private long blockOf(String txId) {
            return chain.transaction(txId).map(TransactionEvidence::block).orElse(-1L);
        }

        private List<VersionEntry> lineage() {
            List<VersionEntry> out = new ArrayList<>();
            for (int i = models.size() - 1; i >= 0; i--) {
                ModelRecord m = models.get(i);
                if (m.version() == 0) {
                    out.add(new VersionEntry(0, m.hash().hex(), 0, 0, "", "", Map.of(), "", task.createdBy(), "",
                            m.attestedBy(), List.of(), List.of(), List.of(), VersionReplay.INITIAL, m.txId(),
                            blockOf(m.txId()),
                            m.timestamp()));
                    continue;
                }
                ProposalRecord p = proposals.getOrDefault(m.round(), List.of()).stream()
                        .filter(x -> x.seq() == m.proposalSeq()).findFirst().orElse(null);
                if (p == null) {
                    out.add(new VersionEntry(m.version(), m.hash().hex(), m.round(), m.proposalSeq(),
                            m.manifestHash() == null ? "" : m.manifestHash().hex(), "", Map.of(), "", "", "",
                            m.attestedBy(), List.of(),
                            List.of(), List.of(), VersionReplay.NOT_REPLAYED, m.txId(), blockOf(m.txId()), m.timestamp()));
                    continue;
                }
                AggregationManifest manifest = p.manifest();
                Map<String, UpdateRecord> byKey = new HashMap<>();
                for (UpdateRecord u : updates.getOrDefault(m.round(), List.of())) {
                    byKey.put(Keys.update(taskId, u.round(), u.contributor()), u);
                }
                List<InputEntry> inputs = new ArrayList<>();
                for (ManifestInput in : manifest.inputs()) {
                    UpdateRecord u = byKey.get(in.updateKey());
                    inputs.add(new InputEntry(Keys.printable(in.updateKey()), in.contributor(), u == null ? "" : u.msp(),
                            in.hash().hex(), in.sampleCount(), in.weightNumerator() + "/" + in.weightDenominator(),
                            u == null ? "" : u.txId(), u == null ? -1 : blockOf(u.txId()), u == null ? 0 : u.timestamp()));
                }
                List<ExclusionEntry> exclusions = new ArrayList<>();
                for (ManifestExclusion x : manifest.exclusions()) {
                    exclusions.add(new ExclusionEntry(Keys.printable(x.updateKey()), x.contributor(), x.hash().hex(),
                            x.reason()));
                }
                Map<String, String> contributorOf = new HashMap<>();
                manifest.inputs().forEach(in -> contributorOf.put(in.updateKey(), in.contributor()));
                manifest.exclusions().forEach(x -> contributorOf.put(x.updateKey(), x.contributor()));
                List<EvidenceEntry> evidence = new ArrayList<>();
                for (InputEvidence e : manifest.evidence()) {
                    evidence.add(new EvidenceEntry(Keys.printable(e.id()), contributorOf.get(e.id()), e.trimmedLow(),
                            e.trimmedHigh(), e.medianCoordinates(), e.updateNorm(), e.clipFactor()));
                }
                String pk = Keys.proposal(taskId, p.round(), p.seq());
                VersionReplay replay = VersionReplay.of(replayOutcome.getOrDefault(pk, ProposalReplay.NOT_REPLAYED),
                        m.hash().equals(replayedHash.get(pk)));
                out.add(new VersionEntry(m.version(), m.hash().hex(), m.round(), m.proposalSeq(), p.manifestHash().hex(),
                        manifest.rule().rule().name(), manifest.rule().params(), manifest.baseModelHash().hex(),
                        p.proposer(), p.msp(), m.attestedBy(), inputs, exclusions, evidence, replay, m.txId(), blockOf(m.txId()),
                        m.timestamp()));
            }
            return out;
        }

        private List<RoundEntry> roundEntries() {
            List<RoundEntry> out = new ArrayList<>();
            for (RoundRecord r : rounds) {
                List<ProposalEntry> ps = new ArrayList<>();
                for (ProposalRecord p : proposals.get(r.round())) {
                    String pk = Keys.proposal(taskId, p.round(), p.seq());
                    List<AttestationEntry> as = attestations.get(pk).stream()
                            .map(a -> new AttestationEntry(a.msp(), a.verifier(), a.verdict().name(), a.computedHash().hex(),
                                    a.txId(), blockOf(a.txId())))
                            .toList();
                    ps.add(new ProposalEntry(p.seq(), p.proposer(), p.msp(), p.outputHash().hex(),
                            replayedHash.containsKey(pk) ? replayedHash.get(pk).hex() : "",
                            replayOutcome.getOrDefault(pk, ProposalReplay.NOT_REPLAYED), as,
                            p.txId(), blockOf(p.txId())));
                }
                long produced = models.stream().filter(m -> m.version() > 0 && m.round() == r.round())
                        .mapToLong(ModelRecord::version).findFirst().orElse(-1);
                out.add(new RoundEntry(r.round(), r.state().name(), r.baseVersion(), updates.get(r.round()).size(),
                        r.accepted().size(), ps, produced));
            }
            return out;
        }

        private List<Contribution> contributions() {
            Map<String, int[]> counts = new TreeMap<>();
            Map<String, Long> samples = new HashMap<>();
            Map<String, String> msp = new HashMap<>();
            for (List<UpdateRecord> us : updates.values()) {
                for (UpdateRecord u : us) {
                    counts.computeIfAbsent(u.contributor(), k -> new int[2])[0]++;
                    samples.merge(u.contributor(), u.samples(), Long::sum);
                    msp.put(u.contributor(), u.msp());
                }
            }
            for (ModelRecord m : models) {
                if (m.version() == 0) {
                    continue;
                }
                proposals.getOrDefault(m.round(), List.of()).stream().filter(p -> p.seq() == m.proposalSeq())
                        .flatMap(p -> p.manifest().inputs().stream()).filter(in -> in.weightNumerator() != 0)
                        .forEach(in -> counts.computeIfAbsent(in.contributor(), k -> new int[2])[1]++);
            }
            return counts.entrySet().stream()
                    .map(e -> new Contribution(msp.getOrDefault(e.getKey(), ""), e.getKey(), e.getValue()[0],
                            e.getValue()[1], samples.getOrDefault(e.getKey(), 0L)))
                    .sorted(Comparator.comparing(Contribution::msp).thenComparing(Contribution::contributor))
                    .toList();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
