package dev.tether.lineage;

import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A leaver's dry run: what deactivating or deleting a user would revoke now, read with the
 * cascade's own selection, and the user's tree to draw it on. Reads only: no lock, no row
 * written, no event, no audit record.
 */
@ApplicationScoped
public class LeaverDrill {

    /**
     * @param userActive false: the user already left, so only what was granted since would go
     * @param tree       every delegation rooted at the user, every status, as {@link LineageQueries#userTree}
     */
    public record Result(UUID userId, boolean userActive, CascadeRevocation.Preview preview,
            List<LineageQueries.Node> tree) {
    }

    private final CascadeRevocation cascade;
    private final LineageQueries lineage;
    private final LineageRows rows;
    private final Transactions transactions;

    LeaverDrill(CascadeRevocation cascade, LineageQueries lineage, LineageRows rows, Transactions transactions) {
        this.cascade = cascade;
        this.lineage = lineage;
        this.rows = rows;
        this.transactions = transactions;
    }

    /** Empty when the directory has no such user. */
    public Optional<Result> run(UUID directoryId, UUID userId) {
        // one read-only use case: the counts and the tree come from the same transaction
        return transactions.run(() -> {
            List<Boolean> active = rows.query("SELECT active FROM users WHERE directory_id = ? AND id = ?",
                    rs -> rs.getObject(1) == null || rs.getBoolean(1), directoryId, userId);
            if (active.isEmpty()) {
                return Optional.<Result>empty();
            }
            CascadeRevocation.Preview preview = cascade.previewFromUser(directoryId, userId);
            List<LineageQueries.Node> tree = lineage.userTree(directoryId, userId).orElse(List.of());
            return Optional.of(new Result(userId, active.get(0), preview, tree));
        });
    }
}
