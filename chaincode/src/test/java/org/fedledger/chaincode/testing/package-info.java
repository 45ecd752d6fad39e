/**
 * Test identities for the chaincode's unit tests: organisations with their own CA issuing real
 * X.509 certificates ({@link org.fedledger.chaincode.testing.TestOrg}), and the identities they
 * issue ({@link org.fedledger.chaincode.testing.TestIdentity}), which sign proposals on the
 * fabric-simulation module's {@code SimulatedChannel}.
 *
 * <pre>{@code
 * TestIdentity admin = TestOrg.of("Org1MSP").admin("admin1");
 * SimulationStub stub = channel.newStub(admin.simulated(), admin.mspId(), ts, Map.of(), List.of("whoAmI"));
 * }</pre>
 */
package org.fedledger.chaincode.testing;
