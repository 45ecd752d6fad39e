/**
 * An in-memory Fabric peer for unit-testing the chaincode without a network.
 *
 * <p>Entry point: {@link org.fedledger.chaincode.testing.FakeLedger}, which hands out one
 * {@link org.fedledger.chaincode.testing.FakeStub} per simulated transaction and validates it at
 * commit like a committing peer (MVCC and phantom read checks). Creators are real X.509 identities
 * from {@link org.fedledger.chaincode.testing.TestOrg}.
 *
 * <pre>{@code
 * FakeLedger ledger = new FakeLedger();
 * TestIdentity admin = TestOrg.of("Org1MSP").admin("admin1");
 * String json = ledger.invoke(admin, ts, stub -> contract.registerParticipant(new Context(stub), pem, "trainer"));
 * assertThat(ledger.lastStub().allIteratorsClosed()).isTrue();
 * }</pre>
 */
package org.fedledger.chaincode.testing;
