package org.fedledger.it.attest;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.sdk.Auditor;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Counts the validation codes of the transactions in a range of blocks, read as Fabric stores them
 * (the transaction filter in each block's metadata), through the auditor role: the same on the
 * embedded ledger and on a Fabric network.
 *
 * <pre>{@code
 * assertThat(ValidationCodes.from(auditor, firstBlock)).containsOnlyKeys(TxValidationCode.VALID);
 * }</pre>
 */
public final class ValidationCodes {
    private ValidationCodes() {
    }

    /** @return how many transactions carry each validation code, in blocks {@code first} to the height */
    public static Map<TxValidationCode, Long> from(Auditor auditor, long first) {
        Map<TxValidationCode, Long> counts = new TreeMap<>();
        long height = auditor.blockHeight();
        for (long n = first; n < height; n++) {
            Block block;
            try {
                block = Block.parseFrom(auditor.block(n));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("block " + n + " does not parse", e);
            }
            byte[] filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray();
            for (int i = 0; i < block.getData().getDataCount(); i++) {
                TxValidationCode code = i < filter.length ? TxValidationCode.forNumber(filter[i] & 0xff) : null;
                counts.merge(code == null ? TxValidationCode.UNRECOGNIZED : code, 1L, Long::sum);
            }
        }
        return counts;
    }
}
