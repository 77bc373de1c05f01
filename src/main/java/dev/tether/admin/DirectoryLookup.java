package dev.tether.admin;

import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves the directory a request's path names, or ends the request with 404 "no directory …". */
@ApplicationScoped
public class DirectoryLookup {

    /** Bounds {@link #known}; past it, lookups simply go to the database. */
    static final int MAX_KNOWN = 100_000;

    @Inject
    Directories directories;

    /** Directories found before. Directories are never deleted, so one found stays found. */
    private final Set<UUID> known = ConcurrentHashMap.newKeySet();

    public Directory directoryOr404(String rawId) {
        return AdminIds.parse(rawId).flatMap(directories::find).orElseThrow(() -> AdminProblemException.notFound(noDirectory(rawId)));
    }

    /**
     * The id of the directory the path names, or 404: for the hot paths (decisions, action
     * reports) that need only to know it exists; whether it is disabled they read in their own
     * statement.
     */
    public UUID idOr404(String rawId) {
        UUID id = AdminIds.parse(rawId).orElse(null);
        if (id != null && known.contains(id)) {
            return id;
        }
        UUID found = directoryOr404(rawId).id;
        if (known.size() < MAX_KNOWN) {
            known.add(found);
        }
        return found;
    }

    static String noDirectory(String rawId) {
        return "no directory " + rawId;
    }
}
