package dev.tether.events;

import java.util.Optional;

/**
 * A position in the feed: the writing transaction's id and the row's position within the
 * outbox. Feed order is (txid, position); see {@link EventFeed} for why it never skips.
 */
public record FeedCursor(long txid, long position) {

    public String encode() {
        return Long.toUnsignedString(txid) + "-" + position;
    }

    public static Optional<FeedCursor> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        int dash = value.indexOf('-');
        try {
            return Optional.of(new FeedCursor(Long.parseUnsignedLong(value.substring(0, dash)),
                    Long.parseLong(value.substring(dash + 1))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a feed cursor: " + value);
        }
    }
}
