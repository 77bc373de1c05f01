package dev.tether.directory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, reads and disables directories. */
@ApplicationScoped
public class DirectoryService {

    @Transactional
    public Directory create(String name) {
        Directory directory = new Directory();
        directory.id = UUID.randomUUID();
        directory.name = name;
        directory.createdAt = now();
        directory.persist();
        return directory;
    }

    @Transactional
    public Optional<Directory> find(UUID id) {
        return Directory.findByIdOptional(id);
    }

    @Transactional
    public List<Directory> list() {
        return Directory.list("order by createdAt, id");
    }

    @Transactional
    public long count() {
        return Directory.count();
    }

    /**
     * Disables the directory; authentication checks disabled_at on every request, so its
     * tokens stop working with this commit. Returns false when the directory is unknown.
     */
    @Transactional
    public boolean disable(UUID id) {
        Optional<Directory> found = Directory.findByIdOptional(id);
        found.filter(d -> !d.disabled()).ifPresent(d -> d.disabledAt = now());
        return found.isPresent();
    }

    /** PostgreSQL keeps microseconds; truncating here makes what we return equal what we store. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
