package dev.tether.directory;

import dev.tether.platform.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** One IdP connection of one organisation: the tenant every other row belongs to. A row of {@code directories}. */
public final class Directory {

    /** The columns {@link #read} reads. */
    static final String COLUMNS = "id, name, created_at, disabled_at";

    public final UUID id;
    public final String name;
    public final Instant createdAt;
    /** Set when an operator disables the directory; its tokens stop working at once. */
    public final Instant disabledAt;

    Directory(UUID id, String name, Instant createdAt, Instant disabledAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
        this.disabledAt = disabledAt;
    }

    public boolean disabled() {
        return disabledAt != null;
    }

    static Directory read(ResultSet rs) throws SQLException {
        return new Directory(rs.getObject("id", UUID.class), rs.getString("name"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "disabled_at"));
    }

    /** The directory with this id, operator trail included (callers that must not see it check first). */
    static Optional<Directory> find(DataSource dataSource, UUID id) {
        return Jdbc.select(dataSource, "SELECT " + COLUMNS + " FROM directories WHERE id = ?", Directory::read, id)
                .stream().findFirst();
    }
}
