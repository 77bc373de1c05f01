package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.AuditConfig;
import dev.tether.platform.PublicKeyFiles;
import dev.tether.platform.SigningKeyFolder;
import dev.tether.platform.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RSA key pair that signs checkpoints, kept as PEM files (the same format as the quick
 * start's JWT keys), made on first use and followed as its files change (a new pair signs the
 * next checkpoint). A separate pair from the admin JWT keys: rotating one must not touch the
 * other. Checkpoints are verified by their {@code kid} against the current key, the keys this
 * process signed with before, and the configured previous public keys.
 */
@ApplicationScoped
public class CheckpointKeys {

    private final Path folder;
    private final List<String> previousKeyFiles;
    private final Duration reloadInterval;
    private final ObjectMapper mapper;
    private volatile Loaded loaded;

    private record Loaded(SigningKeyFolder signing, PublicKeyFiles previous) {
    }

    public CheckpointKeys(AuditConfig audit, TetherConfig tether, ObjectMapper mapper) {
        this.folder = Path.of(audit.signingKeyDir().orElse(Path.of(tether.dataDir(), "audit-key").toString()));
        this.previousKeyFiles = audit.previousPublicKeys().orElse(List.of());
        this.reloadInterval = tether.keys().reloadInterval();
        this.mapper = mapper;
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = new Loaded(SigningKeyFolder.open("audit checkpoint signing", folder, reloadInterval),
                            previousKeyFiles.isEmpty() ? PublicKeyFiles.none()
                                    : PublicKeyFiles.open("the previous audit checkpoint public keys", previousKeyFiles,
                                            reloadInterval));
                }
                current = loaded;
            }
        }
        return current;
    }

    /** The pair that signs the next checkpoint. */
    public SigningKeyFolder.SigningKey signingKey() {
        return loaded().signing().current();
    }

    public RSAPublicKey publicKey() {
        return signingKey().publicKey();
    }

    public String publicKeyPem() {
        return CheckpointJws.publicKeyPem(publicKey());
    }

    public String kid() {
        return signingKey().kid();
    }

    /**
     * Every key a checkpoint may be signed with, by kid: the current one first, then the ones
     * this process signed with before (most recent first), then the configured previous keys.
     */
    public Map<String, RSAPublicKey> verificationKeys() {
        Loaded keys = loaded();
        Map<String, RSAPublicKey> byKid = new LinkedHashMap<>();
        RSAPublicKey current = keys.signing().current().publicKey();
        byKid.put(CheckpointJws.thumbprint(current, mapper), current);
        for (RSAPublicKey key : keys.signing().earlier()) {
            byKid.putIfAbsent(CheckpointJws.thumbprint(key, mapper), key);
        }
        for (RSAPublicKey key : keys.previous().current()) {
            byKid.putIfAbsent(CheckpointJws.thumbprint(key, mapper), key);
        }
        return byKid;
    }
}
