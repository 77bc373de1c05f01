package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A user or group row as read from the database: the document plus server-owned metadata. */
public record StoredResource(UUID id, ObjectNode doc, long version, OffsetDateTime created,
        OffsetDateTime lastModified) {
}
