package org.fedledger.protocol.key;

/**
 * Where a task's update and model payloads are kept, fixed when the task is created.
 *
 * <pre>{@code
 * String collection = task.payloadLayout() == PayloadLayout.PER_ORGANISATION
 *         ? Collections.updatesOf(reader.msp()) : Collections.UPDATES;
 * }</pre>
 */
public enum PayloadLayout {
    /**
     * One copy in the shared collections {@link Collections#UPDATES} and {@link Collections#MODELS},
     * stored by every member organisation's peers: tasks created before per-organisation collections.
     */
    SHARED,
    /**
     * One copy per organisation the task allows, in that organisation's own collections
     * ({@link Collections#updatesOf(String)}, {@link Collections#modelsOf(String)}); an organisation
     * outside the task stores none of its bytes.
     */
    PER_ORGANISATION
}
