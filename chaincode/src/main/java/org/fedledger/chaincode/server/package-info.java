/**
 * How chaincode.jar runs as a chaincode-as-a-service server: {@link
 * org.fedledger.chaincode.server.ChaincodeServerLauncher} (the jar's main class) serves the contract
 * and, with TLS on, accepts only peers whose certificate the organisation's TLS CA issued.
 */
package org.fedledger.chaincode.server;
