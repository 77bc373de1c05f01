package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.AuditConfig;
import dev.tether.platform.Jdbc;
import dev.tether.platform.SigningKeyFolder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Links unsealed records into one chain per directory, in the order it reads them, and signs
 * checkpoints. Runs on every replica's scheduler, but a transaction-scoped advisory lock lets
 * only one seal at a time; the others skip the round. Writers only INSERT, so they never wait
 * on the sealer or on each other for the chain head.
 */
@ApplicationScoped
public class AuditSealer {

    private static final Logger LOG = Logger.getLogger(AuditSealer.class);

    /** pg advisory lock key of the sealer ("tether audit sealer"). */
    static final long SEALER_LOCK = 0x7e74_6865_7200_a0d1L;

    private static final String UNSEALED = "SELECT " + AuditRows.COLUMNS
            + " FROM audit_records WHERE position IS NULL ORDER BY id LIMIT ?";
    private static final String HEAD = "SELECT position, hash FROM audit_records"
            + " WHERE directory_id = ? AND position IS NOT NULL ORDER BY position DESC LIMIT 1";
    private static final String CUT_HEAD = "SELECT through_position, head_hash FROM audit_retention_cuts"
            + " WHERE directory_id = ? ORDER BY through_position DESC LIMIT 1";
    /** One statement for the whole batch: per-row statements cost more than the rows' own work. */
    private static final String SEAL = "UPDATE audit_records r SET position = s.position, prev_hash = s.prev_hash,"
            + " hash = s.hash FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS s(id, position, prev_hash, hash)"
            + " WHERE r.id = s.id AND r.position IS NULL";
    /** Per directory: the sealed head, the last checkpoint, and when the oldest unsigned record was made. */
    private static final String UNSIGNED_HEADS = "SELECT d.id, h.position, h.hash, k.chain_length, k.head_hash,"
            + " f.created_at AS oldest_unsigned FROM directories d"
            + " JOIN LATERAL (SELECT position, hash FROM audit_records r WHERE r.directory_id = d.id"
            + "   AND r.position IS NOT NULL ORDER BY r.position DESC LIMIT 1) h ON true"
            + " LEFT JOIN LATERAL (SELECT chain_length, head_hash FROM audit_checkpoints k"
            + "   WHERE k.directory_id = d.id ORDER BY k.chain_length DESC LIMIT 1) k ON true"
            + " LEFT JOIN LATERAL (SELECT created_at FROM audit_records r WHERE r.directory_id = d.id"
            + "   AND r.position = COALESCE(k.chain_length, 0) + 1) f ON true"
            + " WHERE k.chain_length IS NULL OR k.chain_length < h.position";
    private static final String INSERT_CHECKPOINT = "INSERT INTO audit_checkpoints"
            + " (directory_id, chain_length, head_hash, signed_at, jws) VALUES (?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final AuditConfig config;
    private final CheckpointKeys keys;
    private final Event<AuditCheckpointSigned> checkpointSigned;
    private volatile Duration sealLag = Duration.ZERO;

    public AuditSealer(DataSource dataSource, ObjectMapper mapper, AuditConfig config, CheckpointKeys keys,
            Event<AuditCheckpointSigned> checkpointSigned) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.config = config;
        this.keys = keys;
        this.checkpointSigned = checkpointSigned;
    }

    /** Age of the oldest record the last run found unsealed: the seal lag, for a metric. */
    public Duration sealLag() {
        return sealLag;
    }

    @Scheduled(identity = "audit-sealer", every = "${tether.audit.seal-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRun() {
        try {
            run(false);
        } catch (RuntimeException e) {
            LOG.warn("audit sealing failed; the next run retries", e);
        }
    }

    /**
     * One round: seals up to a batch of records and signs the checkpoints that are due (all
     * that have anything unsigned when {@code forceCheckpoints}). Returns the records sealed,
     * or -1 when another replica held the lock.
     */
    public int run(boolean forceCheckpoints) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!Jdbc.tryTransactionLock(c, SEALER_LOCK)) {
                    return -1;
                }
                int sealed = seal(c);
                checkpoint(c, forceCheckpoints);
                return sealed;
            }
        });
    }

    /** Seals and checkpoints until nothing is left unsealed; for tests and shutdown. */
    public void sealAll() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            int sealed = run(true);
            if (sealed == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("audit records stay unsealed");
            }
            if (sealed < 0) {
                sleep();
            }
        }
    }

    private int seal(Connection c) throws SQLException {
        Map<UUID, Head> heads = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        List<String> prevHashes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        Instant oldest = null;
        try (PreparedStatement select = c.prepareStatement(UNSEALED)) {
            select.setInt(1, config.sealBatchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID directory = rs.getObject("directory_id", UUID.class);
                    if (oldest == null) {
                        oldest = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                    }
                    Head head = heads.get(directory);
                    if (head == null) {
                        head = head(c, directory);
                    }
                    long position = head.position + 1;
                    String hash = AuditChain.hash(head.hash, AuditRows.record(rs, position, mapper));
                    ids.add(rs.getLong("id"));
                    positions.add(position);
                    prevHashes.add(head.hash);
                    hashes.add(hash);
                    heads.put(directory, new Head(position, hash));
                }
            }
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement(SEAL)) {
                update.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                update.setArray(2, c.createArrayOf("bigint", positions.toArray()));
                update.setArray(3, c.createArrayOf("text", prevHashes.toArray()));
                update.setArray(4, c.createArrayOf("text", hashes.toArray()));
                int updated = update.executeUpdate();
                if (updated != ids.size()) {
                    // only one sealer runs (advisory lock), so a record sealed under it means a bug
                    throw new IllegalStateException("sealed " + updated + " of " + ids.size() + " records");
                }
            }
        }
        sealLag = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
        return ids.size();
    }

    private record Head(long position, String hash) {
    }

    /** The last sealed record of a directory, else its last retention cut, else the genesis. */
    private static Head head(Connection c, UUID directory) throws SQLException {
        for (String sql : new String[] {HEAD, CUT_HEAD}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, directory);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Head(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
        return new Head(0, AuditChain.GENESIS_HASH);
    }

    private void checkpoint(Connection c, boolean force) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant dueBefore = now.minus(config.checkpointEvery());
        try (PreparedStatement ps = c.prepareStatement(UNSIGNED_HEADS);
             PreparedStatement insert = c.prepareStatement(INSERT_CHECKPOINT)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long length = rs.getLong("position");
                    long lastLength = rs.getLong("chain_length");
                    boolean first = rs.wasNull();
                    OffsetDateTime oldestUnsigned = rs.getObject("oldest_unsigned", OffsetDateTime.class);
                    boolean due = force || length - lastLength >= config.checkpointEveryRecords()
                            || (oldestUnsigned != null && !oldestUnsigned.toInstant().isAfter(dueBefore));
                    if (!due) {
                        continue;
                    }
                    UUID directory = rs.getObject("id", UUID.class);
                    String head = rs.getString("hash");
                    ObjectNode payload = mapper.createObjectNode();
                    payload.put("directory", directory.toString());
                    payload.put("chainLength", length);
                    payload.put("headHash", head);
                    payload.put("signedAt", AuditRows.TIME.format(now.atOffset(ZoneOffset.UTC)));
                    if (first) {
                        payload.putNull("previous");
                    } else {
                        payload.putObject("previous").put("chainLength", lastLength)
                                .put("headHash", rs.getString("head_hash"));
                    }
                    SigningKeyFolder.SigningKey key = keys.signingKey();
                    String jws = CheckpointJws.sign(payload, key.kid(), key.privateKey(), mapper);
                    insert.setObject(1, directory);
                    insert.setLong(2, length);
                    insert.setString(3, head);
                    insert.setObject(4, now.atOffset(ZoneOffset.UTC));
                    insert.setString(5, jws);
                    insert.executeUpdate();
                    checkpointSigned.fire(new AuditCheckpointSigned(directory, length, head, now, jws));
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sealing", e);
        }
    }
}
