package io.runfleet.systemtest;

import io.runfleet.wire.WireMessage;

/**
 * An inbound channel a {@link TransportProbe} can put raw bytes on, and what its consumer expects there.
 *
 * @param channel       the channel name ({@code io.runfleet.wire.Channels})
 * @param record        the wire record the consumer decodes
 * @param requiredField a field the codec insists on, left out of the "missing field" messages
 */
record InboundTarget(String channel, Class<? extends WireMessage> record, String requiredField) {

    InboundTarget {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record.getName() + " is not a record; give the wire record of "
                    + channel);
        }
    }

    String recordName() {
        return record.getSimpleName();
    }
}
