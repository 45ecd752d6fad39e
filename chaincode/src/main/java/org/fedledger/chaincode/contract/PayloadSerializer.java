package org.fedledger.chaincode.contract;

import org.hyperledger.fabric.contract.annotation.Serializer;
import org.hyperledger.fabric.contract.execution.JSONTransactionSerializer;
import org.hyperledger.fabric.contract.metadata.TypeSchema;

/**
 * The contract's transaction serializer: {@code byte[]} results (payload reads) are returned as the
 * raw bytes, not as the JSON array of numbers the default serializer would make of them; everything
 * else (strings) is serialised as by the default.
 *
 * <pre>{@code
 * @Contract(name = "fedledger", transactionSerializer = PayloadSerializer.NAME)
 * }</pre>
 */
@Serializer(target = Serializer.TARGET.TRANSACTION)
public class PayloadSerializer extends JSONTransactionSerializer {
    /** The name the contract annotation refers to. */
    public static final String NAME = "org.fedledger.chaincode.contract.PayloadSerializer";

    /** Creates the serializer (the shim instantiates it reflectively). */
    public PayloadSerializer() {
        super();
    }

    @Override
    public byte[] toBuffer(Object value, TypeSchema ts) {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        return super.toBuffer(value, ts);
    }
}
