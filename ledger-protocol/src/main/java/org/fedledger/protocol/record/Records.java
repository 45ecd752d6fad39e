package org.fedledger.protocol.record;

import java.util.List;

/** Small helpers shared by the state records. */
final class Records {
    private Records() {
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
