package dev.tether.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.Directories;
import dev.tether.platform.Cause.Actor;
import dev.tether.platform.Cause;
import java.util.Objects;
import java.util.UUID;

/**
 * One fact to append to a directory's trail. Documents are never stored: {@link #before} and
 * {@link #after} are reduced to SHA-256 digests of their RFC 8785 form. The request (method,
 * path, request id) and the actor come from the entry's {@link Cause}, which the edge made.
 */
public final class AuditEntry {

    final UUID directoryId;
    final String action;
    Actor actor;
    String targetType;
    String targetId;
    Cause cause;
    String lifecycle;
    JsonNode before;
    JsonNode after;
    final ObjectNode details = JsonNodeFactory.instance.objectNode();

    private AuditEntry(UUID directoryId, String action) {
        this.directoryId = Objects.requireNonNull(directoryId, "directoryId");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** A fact about the directory, e.g. {@code of(dir, "user.update")}; see docs/audit.md for the action names. */
    public static AuditEntry of(UUID directoryId, String action) {
        return new AuditEntry(directoryId, action);
    }

    /**
     * A fact that is no one directory's (a subscription, which may span directories, a denied
     * admin call): it goes to the operator trail, chained and checkpointed like a directory's.
     */
    public static AuditEntry operatorTrail(String action) {
        return new AuditEntry(Directories.OPERATOR_TRAIL, action);
    }

    /** Who acted, when not the cause's actor (Tether itself, for what a change sets off). */
    public AuditEntry actor(Actor actor) {
        this.actor = actor;
        return this;
    }

    public AuditEntry target(String type, Object id) {
        this.targetType = type;
        this.targetId = id == null ? null : id.toString();
        return this;
    }

    /** The request (or job) behind the change: its actor, request id and the txn its facts share. */
    public AuditEntry cause(Cause cause) {
        this.cause = cause;
        return this;
    }

    public AuditEntry lifecycle(Object lifecycle) {
        this.lifecycle = lifecycle == null ? null : lifecycle.toString();
        return this;
    }

    public AuditEntry before(JsonNode document) {
        this.before = document;
        return this;
    }

    public AuditEntry after(JsonNode document) {
        this.after = document;
        return this;
    }

    /** Extra facts (reason, delegation, agent, credential, root user, delivery outcome...). */
    public AuditEntry detail(String name, JsonNode value) {
        details.set(name, value);
        return this;
    }

    public AuditEntry detail(String name, String value) {
        details.put(name, value);
        return this;
    }

    public AuditEntry detail(String name, long value) {
        details.put(name, value);
        return this;
    }
}
