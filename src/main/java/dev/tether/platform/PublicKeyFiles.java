package dev.tether.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * RSA public keys named by configuration, each entry a PEM file (one or more "PUBLIC KEY"
 * blocks) or a folder whose {@code *.pem} files all count (a mounted Secret: add or remove
 * keys without touching the configuration). Every entry follows its files as they change (see
 * {@link ReloadedFiles}); an entry whose new content cannot be used keeps its last good keys.
 * At start every entry must exist and hold only good keys.
 */
public final class PublicKeyFiles {

    private final List<ReloadedFiles<List<RSAPublicKey>>> entries;

    private PublicKeyFiles(List<ReloadedFiles<List<RSAPublicKey>>> entries) {
        this.entries = entries;
    }

    public static PublicKeyFiles none() {
        return new PublicKeyFiles(List.of());
    }

    /** Loads every entry now; {@code what} names them in messages (e.g. "the SET additional public keys"). */
    public static PublicKeyFiles open(String what, List<String> locations, Duration reloadInterval) {
        List<ReloadedFiles<List<RSAPublicKey>>> entries = new ArrayList<>();
        for (String location : locations) {
            Path entry = Path.of(location.trim());
            try {
                entries.add(new ReloadedFiles<>(what + " in " + entry, () -> listing(entry), PublicKeyFiles::parse,
                        reloadInterval, (previous, next) -> {
                        }));
            } catch (ReloadedFiles.InvalidFilesException e) {
                throw new IllegalStateException("cannot load " + what + " in " + entry + ": " + e.getMessage());
            }
        }
        return new PublicKeyFiles(List.copyOf(entries));
    }

    /** The keys of every entry as last read well, in configuration order, each kid once. */
    public List<RSAPublicKey> current() {
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, RSAPublicKey> byKid = new LinkedHashMap<>();
        for (ReloadedFiles<List<RSAPublicKey>> entry : entries) {
            for (RSAPublicKey key : entry.current()) {
                byKid.putIfAbsent(SigningKeyFolder.kid(key), key);
            }
        }
        return List.copyOf(byKid.values());
    }

    private static List<Path> listing(Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> files = Files.list(entry)) {
            // A Secret volume also holds ..data and ..<timestamp> entries: only the named files count.
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".pem") && !name.startsWith(".") && Files.isRegularFile(f);
            }).sorted().toList();
        }
    }

    private static List<RSAPublicKey> parse(Map<Path, byte[]> files) throws ReloadedFiles.InvalidFilesException {
        List<RSAPublicKey> keys = new ArrayList<>();
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            try {
                for (RSAPublicKey key : JwtKeyFiles.parsePublicKeys(new String(file.getValue(), StandardCharsets.US_ASCII))) {
                    if (key.getModulus().bitLength() < SigningKeyFolder.MIN_BITS) {
                        throw new ReloadedFiles.InvalidFilesException(file.getKey().getFileName()
                                + " holds a key of fewer than " + SigningKeyFolder.MIN_BITS + " bits");
                    }
                    keys.add(key);
                }
            } catch (IOException e) {
                throw new ReloadedFiles.InvalidFilesException(file.getKey().getFileName() + " is " + e.getMessage());
            }
        }
        return List.copyOf(keys);
    }
}
