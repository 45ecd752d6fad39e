package org.fedledger.chaincode.testing;

import java.util.List;
import java.util.Objects;

/**
 * A range query a simulated transaction ran on public state, as recorded for phantom validation.
 *
 * <pre>{@code assertThat(stub.rangeQueries()).extracting(RangeRead::keys).containsExactly(List.of("a", "b")); }</pre>
 *
 * @param startKey  inclusive start (the shim's {@code "\u0001"} when none was given)
 * @param endKey    exclusive end, empty when unbounded
 * @param keys      keys the iterator returned so far, in order
 * @param exhausted whether the iterator reached the end of the range
 */
public record RangeRead(String startKey, String endKey, List<String> keys, boolean exhausted) {
    /** Copies the key list. */
    public RangeRead {
        Objects.requireNonNull(startKey, "startKey");
        Objects.requireNonNull(endKey, "endKey");
        keys = List.copyOf(keys);
    }
}
