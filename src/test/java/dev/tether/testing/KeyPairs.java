package dev.tether.testing;

import dev.tether.platform.JwtKeyFiles;
import dev.tether.platform.SigningKeyFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Fresh RSA pairs in folders of their own, to put in place of a server's keys as an operator would. */
public final class KeyPairs {

    private KeyPairs() {
    }

    /** A new folder holding a new pair (private-key.pem, public-key.pem). */
    public static Path newPair() {
        try {
            Path folder = Files.createTempDirectory("tether-test-pair");
            JwtKeyFiles.ensure(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the pair over the files in {@code folder}, private key first (a reader may see them mismatched). */
    public static void install(Path pair, Path folder) {
        try {
            Files.copy(pair.resolve(JwtKeyFiles.PRIVATE_KEY_FILE), folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(pair.resolve(JwtKeyFiles.PUBLIC_KEY_FILE), folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path publicKey(Path pair) {
        return pair.resolve(JwtKeyFiles.PUBLIC_KEY_FILE);
    }

    /** The pair's kid: the RFC 7638 thumbprint of its public key. */
    public static String kid(Path pair) {
        try {
            return SigningKeyFolder.kid(JwtKeyFiles.readPublicKey(publicKey(pair)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
