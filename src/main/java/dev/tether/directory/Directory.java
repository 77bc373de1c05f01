package dev.tether.directory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One IdP connection of one organisation: the tenant every other row belongs to. */
@Entity
@Table(name = "directories")
public class Directory extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Set when an operator disables the directory; its tokens stop working at once. */
    @Column(name = "disabled_at")
    public Instant disabledAt;

    public boolean disabled() {
        return disabledAt != null;
    }
}
