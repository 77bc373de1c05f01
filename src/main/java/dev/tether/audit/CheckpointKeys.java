package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.boot.JwtKeyFiles;
import dev.tether.boot.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The RSA key pair that signs checkpoints, kept as PEM files (the same format as the quick
 * start's JWT keys) and made on first use. A separate pair from the admin JWT keys: rotating
 * one must not touch the other.
 */
@ApplicationScoped
public class CheckpointKeys {

    private final Path folder;
    private final ObjectMapper mapper;
    private volatile Loaded loaded;

    record Loaded(PrivateKey privateKey, RSAPublicKey publicKey, String kid, String publicPem) {
    }

    public CheckpointKeys(AuditConfig audit, TetherConfig tether, ObjectMapper mapper) {
        this.folder = Path.of(audit.signingKeyDir().orElse(Path.of(tether.dataDir(), "audit-key").toString()));
        this.mapper = mapper;
    }

    Loaded keys() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = load();
                }
                current = loaded;
            }
        }
        return current;
    }

    public RSAPublicKey publicKey() {
        return keys().publicKey();
    }

    public String publicKeyPem() {
        return keys().publicPem();
    }

    public String kid() {
        return keys().kid();
    }

    private Loaded load() {
        try {
            Path publicFile = JwtKeyFiles.ensure(folder);
            String pem = Files.readString(publicFile, StandardCharsets.US_ASCII);
            RSAPublicKey publicKey = (RSAPublicKey) CheckpointJws.readPublicKeyPem(pem);
            PrivateKey privateKey = JwtKeyFiles.readPrivateKey(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE));
            return new Loaded(privateKey, publicKey, CheckpointJws.thumbprint(publicKey, mapper),
                    CheckpointJws.publicKeyPem(publicKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint signing key in " + folder, e);
        }
    }
}
