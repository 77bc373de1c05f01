package dev.tether.admin;

import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves the directory a request's path names, or ends the request with 404 "no directory …". */
@ApplicationScoped
public class DirectoryLookup {

    @Inject
    Directories directories;

    public Directory directoryOr404(String rawId) {
        return AdminIds.parse(rawId).flatMap(directories::find).orElseThrow(() -> AdminProblemException.notFound(noDirectory(rawId)));
    }

    static String noDirectory(String rawId) {
        return "no directory " + rawId;
    }
}
