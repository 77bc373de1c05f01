package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Clock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads the trail: filtered pages, a user's trail, verification and export. Read-only. */
@ApplicationScoped
public class AuditStore {

    private final Clock clock;

    public static final String EXPORT_FORMAT = "tether-audit-export/1";
    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final CheckpointKeys keys;

    public AuditStore(DataSource dataSource, ObjectMapper mapper, CheckpointKeys keys, Clock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.keys = keys;
    }

    /** Filters of the list endpoint; null means "any". {@code action} is exact, e.g. {@code user.update}. */
    public record Query(Instant from, Instant to, String actor, String target, UUID cause, String action, Long afterId,
            int limit) {

        public Query(Instant from, Instant to, String actor, String target, UUID cause, Long afterId, int limit) {
            this(from, to, actor, target, cause, null, afterId, limit);
        }
    }

    /** A page of record lines, oldest first, and the cursor of the next page (null at the end). */
    public record Page(List<ObjectNode> records, String nextCursor) {
    }

    public Page list(UUID directoryId, Query q) {
        StringBuilder sql = new StringBuilder("SELECT " + AuditRows.COLUMNS + " FROM audit_records WHERE directory_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(directoryId);
        if (q.from() != null) {
            sql.append(" AND created_at >= ?");
            params.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND created_at < ?");
            params.add(q.to().atOffset(ZoneOffset.UTC));
        }
        if (q.actor() != null) {
            sql.append(" AND actor_id = ?");
            params.add(q.actor());
        }
        if (q.target() != null) {
            sql.append(" AND target_id = ?");
            params.add(q.target());
        }
        if (q.cause() != null) {
            sql.append(" AND cause = ?");
            params.add(q.cause());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            params.add(q.action());
        }
        return page(sql, params, q.afterId(), q.limit());
    }

    /**
     * Everything a user's writes caused, in order: the records about the user, the membership
     * changes that added or removed them (details.added / details.removed), the revocations
     * derived from them (details.rootUser, which is how a mover's revocations made by a group
     * change find their user) and every record sharing a cause with a record about the user
     * (revocations, suspensions, deliveries of the same request).
     */
    public Page userTrail(UUID directoryId, String userId, Long afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + AuditRows.COLUMNS + " FROM audit_records r"
                + " WHERE r.directory_id = ? AND ((r.target_type = 'User' AND r.target_id = ?)"
                + " OR r.details ->> 'rootUser' = ?"
                + " OR (r.action = 'group.members.change' AND (r.details @> ?::jsonb OR r.details @> ?::jsonb))"
                + " OR r.cause IN (SELECT u.cause FROM audit_records u WHERE u.directory_id = ?"
                + "   AND u.target_type = 'User' AND u.target_id = ? AND u.cause IS NOT NULL))");
        List<Object> params = new ArrayList<>(List.of(directoryId, userId, userId, membership("added", userId),
                membership("removed", userId), directoryId, userId));
        return page(sql, params, afterId, limit);
    }

    /** {"added": [{"id": user, "type": "User"}]}: contained in every membership record that names the user there. */
    private String membership(String change, String userId) {
        ObjectNode probe = mapper.createObjectNode();
        probe.putArray(change).addObject().put("id", userId).put("type", "User");
        return probe.toString();
    }

    private Page page(StringBuilder sql, List<Object> params, Long afterId, int limit) {
        if (afterId != null) {
            sql.append(" AND id > ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit + 1);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ObjectNode> lines = new ArrayList<>();
            long lastId = 0;
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                boolean more = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (lines.size() == limit) {
                            more = true; // the extra row asked for only tells that a next page exists
                            break;
                        }
                        lines.add(AuditRows.line(rs, mapper));
                        lastId = rs.getLong("id");
                    }
                }
                return new Page(lines, more ? Long.toString(lastId) : null);
            }
        });
    }

    /**
     * The directory's latest signed checkpoint and whether its signature verifies with a key this
     * server trusts now; {@code problem} says why not.
     */
    public record LatestCheckpoint(long chainLength, String headHash, Instant signedAt, boolean signatureValid,
            String problem) {
    }

    public java.util.Optional<LatestCheckpoint> latestCheckpoint(UUID directoryId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT chain_length, head_hash, signed_at, jws FROM audit_checkpoints WHERE directory_id = ? "
                            + "ORDER BY chain_length DESC LIMIT 1")) {
                ps.setObject(1, directoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.<LatestCheckpoint>empty();
                    }
                    String problem = null;
                    try {
                        CheckpointJws.verify(rs.getString(4), keys.verificationKeys(), mapper);
                    } catch (CheckpointJws.InvalidCheckpointException e) {
                        problem = e.getMessage();
                    }
                    return java.util.Optional.of(new LatestCheckpoint(rs.getLong(1), rs.getString(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), problem == null, problem));
                }
            }
        });
    }

    /**
     * Recomputes the directory's sealed chain and checks every checkpoint against it, each
     * signature with the key its kid names among {@link CheckpointKeys#verificationKeys()}.
     */
    public ChainVerifier.Result verify(UUID directoryId) {
        ChainVerifier verifier = new ChainVerifier(directoryId.toString(), keys.verificationKeys(), mapper);
        walk(directoryId, new ChainSink() {
            @Override
            public void start(long afterPosition, String afterHash) {
                verifier.startAfter(afterPosition, afterHash);
            }

            @Override
            public void record(ResultSet rs) throws SQLException {
                ObjectNode line = AuditRows.line(rs, mapper);
                verifier.record(line.get("position").asLong(), line.path("prevHash").asText(null),
                        line.path("hash").asText(null), line.get("record"));
            }

            @Override
            public void checkpoint(long chainLength, String headHash, String jws) {
                verifier.checkpoint(jws, chainLength, headHash);
            }

            @Override
            public boolean done() {
                return verifier.broken();
            }
        });
        return verifier.result();
    }

    /**
     * Writes the sealed chain as JSON Lines: one "export" header line, then the records in
     * position order with each checkpoint right after the record at its chain length.
     */
    public void export(UUID directoryId, OutputStream out) {
        walk(directoryId, new ChainSink() {
            @Override
            public void start(long afterPosition, String afterHash) {
                ObjectNode header = mapper.createObjectNode();
                header.put("type", "export");
                header.put("format", EXPORT_FORMAT);
                header.put("directory", directoryId.toString());
                header.put("exportedAt", clock.instant().toString());
                header.putObject("startsAfter").put("position", afterPosition).put("hash", afterHash);
                header.put("kid", keys.kid());
                write(header);
            }

            @Override
            public void record(ResultSet rs) throws SQLException {
                write(AuditRows.line(rs, mapper));
            }

            @Override
            public void checkpoint(long chainLength, String headHash, String jws) {
                write(mapper.createObjectNode().put("type", "checkpoint").put("chainLength", chainLength)
                        .put("headHash", headHash).put("jws", jws));
            }

            private void write(ObjectNode line) {
                try {
                    out.write(mapper.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private interface ChainSink {
        void start(long afterPosition, String afterHash);

        void record(ResultSet rs) throws SQLException;

        void checkpoint(long chainLength, String headHash, String jws);

        default boolean done() {
            return false;
        }
    }

    private record Checkpoint(long chainLength, String headHash, String jws) {
    }

    /** Streams the sealed records (server-side cursor) with the checkpoints merged in by position. */
    private void walk(UUID directoryId, ChainSink sink) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                long startPosition = 0;
                String startHash = AuditChain.GENESIS_HASH;
                try (PreparedStatement ps = c.prepareStatement("SELECT through_position, head_hash FROM audit_retention_cuts"
                        + " WHERE directory_id = ? ORDER BY through_position DESC LIMIT 1")) {
                    ps.setObject(1, directoryId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            startPosition = rs.getLong(1);
                            startHash = rs.getString(2);
                        }
                    }
                }
                Deque<Checkpoint> checkpoints = new ArrayDeque<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT chain_length, head_hash, jws FROM audit_checkpoints"
                        + " WHERE directory_id = ? ORDER BY chain_length")) {
                    ps.setObject(1, directoryId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            checkpoints.add(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3)));
                        }
                    }
                }
                sink.start(startPosition, startHash);
                try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditRows.COLUMNS + " FROM audit_records"
                        + " WHERE directory_id = ? AND position IS NOT NULL ORDER BY position")) {
                    ps.setFetchSize(FETCH_SIZE);
                    ps.setObject(1, directoryId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && !sink.done()) {
                            long position = rs.getLong("position");
                            while (!checkpoints.isEmpty() && checkpoints.peek().chainLength() < position) {
                                Checkpoint k = checkpoints.poll();
                                sink.checkpoint(k.chainLength(), k.headHash(), k.jws());
                            }
                            sink.record(rs);
                        }
                    }
                }
                while (!checkpoints.isEmpty() && !sink.done()) {
                    Checkpoint k = checkpoints.poll();
                    sink.checkpoint(k.chainLength(), k.headHash(), k.jws());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the audit chain", e);
            }
        });
    }
}
