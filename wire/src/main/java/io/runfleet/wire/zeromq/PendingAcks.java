package io.runfleet.wire.zeromq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A dealer's outgoing messages sent but not yet acknowledged (socket thread only), in send order.
 * Its size is bounded by the outgoing window ({@link OutgoingSink}).
 */
final class PendingAcks {

    /** One message awaiting ACK or NACK. */
    static final class Entry {
        final String channel;
        final String id;
        final byte[] payload;
        final Message<?> message;
        final Runnable finished;
        /** When the application handed it over: its delivery timeout counts from here. */
        final long queuedAt;
        long sentAt;
        /** False while ZeroMQ refused it (not connected, or at the high-water mark). */
        boolean handedOver;

        Entry(String channel, String id, byte[] payload, Message<?> message, Runnable finished, long queuedAt) {
            this.channel = channel;
            this.queuedAt = queuedAt;
            this.id = id;
            this.payload = payload;
            this.message = message;
            this.finished = finished;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long nextId;

    Entry add(String channel, byte[] payload, Message<?> message, Runnable finished, long now) {
        Entry entry = new Entry(channel, Long.toString(++nextId), payload, message, finished, now);
        entries.put(entry.id, entry);
        return entry;
    }

    /** Removes and returns the entry, or null for an unknown id (a late or duplicate ACK). */
    Entry settle(String id) {
        return entries.remove(id);
    }

    /** Entries sent longer than {@code timeoutMillis} ago; they count as sent again now. */
    List<Entry> due(long now, long timeoutMillis) {
        List<Entry> due = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (now - entry.sentAt >= timeoutMillis) {
                entry.sentAt = now;
                due.add(entry);
            }
        }
        return due;
    }

    /** Removes and returns the entries queued longer ago than their channel's delivery timeout (ms; absent: none). */
    List<Entry> expire(long now, Map<String, Long> timeoutMillis) {
        List<Entry> expired = new ArrayList<>();
        entries.values().removeIf(entry -> {
            Long timeout = timeoutMillis.get(entry.channel);
            boolean over = timeout != null && now - entry.queuedAt >= timeout;
            if (over) {
                expired.add(entry);
            }
            return over;
        });
        return expired;
    }

    List<Entry> all() {
        return new ArrayList<>(entries.values());
    }

    /** Removes every entry (the transport is closing). */
    List<Entry> drainAll() {
        List<Entry> all = all();
        entries.clear();
        return all;
    }
}
