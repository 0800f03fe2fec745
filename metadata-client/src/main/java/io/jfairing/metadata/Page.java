package io.jfairing.metadata;

import java.util.List;

/**
 * One page of results.
 *
 * @param nextPageToken pass it in the next query to get the following page; null on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextPageToken != null;
    }
}
