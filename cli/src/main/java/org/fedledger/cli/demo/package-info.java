/**
 * The federated training demo: {@link org.fedledger.cli.demo.FederatedDemo} runs
 * {@link org.fedledger.cli.demo.DemoTask}s over any ledger and {@link org.fedledger.cli.demo.DemoReport}
 * writes the report.
 */
package org.fedledger.cli.demo;
