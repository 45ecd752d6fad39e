package org.fedledger.chaincode.testing;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A single-pass iterator over a query's results that remembers whether it was closed and tells its
 * range record how far it was read. Calling {@code iterator()} again continues where the last one
 * stopped, like the shim's streaming iterator.
 */
final class LedgerIterator<T> implements QueryResultsIterator<T>, QueryResultsIteratorWithMetadata<T> {
    /** Told about progress so the stub can record what was read. */
    interface Progress {
        Progress NONE = new Progress() {
        };

        default void returned(int count) {
        }

        default void exhausted() {
        }
    }

    private final String description;
    private final List<T> items;
    private final Progress progress;
    private final QueryResponseMetadata metadata;
    private int position;
    private boolean closed;

    LedgerIterator(String description, List<T> items, Progress progress, QueryResponseMetadata metadata) {
        this.description = description;
        this.items = List.copyOf(items);
        this.progress = progress;
        this.metadata = metadata;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                checkOpen();
                boolean more = position < items.size();
                if (!more) {
                    progress.exhausted();
                }
                return more;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(description + " has no more results");
                }
                T item = items.get(position++);
                progress.returned(position);
                return item;
            }
        };
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(description + " was used after close()");
        }
    }

    @Override
    public QueryResponseMetadata getMetadata() {
        if (metadata == null) {
            throw new IllegalStateException(description + " is not a paginated query: it has no metadata");
        }
        return metadata;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    String description() {
        return description;
    }
}
