/**
 * Training tasks: strict parsing of the task definition, creation with the initial model, and the
 * payload schema check every model and update goes through. Entry point:
 * {@link org.fedledger.chaincode.tasks.TaskService}.
 */
package org.fedledger.chaincode.tasks;
