package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Envelope encryption under a key folder: sealing, binding to a context, rotation, tampering. */
class EnvelopeKeyFolderTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    @Test
    void aFirstStartMakesAnOwnerOnlyPrimaryKeyAndSealsWithIt() throws Exception {
        Path folder = dir.resolve("keys");
        EnvelopeKeyFolder keys = EnvelopeKeyFolder.open("test", folder, Duration.ofMillis(100));
        Path primary = folder.resolve(EnvelopeKeyFolder.PRIMARY);
        assertTrue(Files.exists(primary));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(primary)));

        String sealed = keys.seal(SECRET, "row-1");
        assertTrue(sealed.startsWith("tenc1."));
        assertFalse(sealed.contains("MfKQ9r8GKYqr"), "nothing of the secret in the sealed text");
        assertNotEquals(sealed, keys.seal(SECRET, "row-1"), "a fresh data key and nonce every time");
        assertEquals(SECRET, keys.open(sealed, "row-1"));
        assertTrue(keys.sealedWithPrimary(sealed));
        assertEquals("whsec_clear", keys.open("whsec_clear", "row-1"), "a value from before encryption opens as it is");
    }

    @Test
    void aSealedValueOpensOnlyForItsOwnContextAndUntampered() {
        EnvelopeKeyFolder keys = EnvelopeKeyFolder.open("test", dir.resolve("keys"), Duration.ofMillis(100));
        String sealed = keys.seal(SECRET, "row-1");
        assertThrows(EnvelopeKeyFolder.SealedValueException.class, () -> keys.open(sealed, "row-2"));
        char[] chars = sealed.toCharArray();
        int last = chars.length - 3;
        chars[last] = chars[last] == 'A' ? 'B' : 'A';
        assertThrows(EnvelopeKeyFolder.SealedValueException.class, () -> keys.open(new String(chars), "row-1"));
        assertThrows(EnvelopeKeyFolder.SealedValueException.class, () -> keys.open("tenc1.nokey.AAAA.AAAA", "row-1"));
    }

    @Test
    void afterARotationOldValuesStillOpenAndAreReportedForResealing() throws Exception {
        Path folder = dir.resolve("keys");
        EnvelopeKeyFolder keys = EnvelopeKeyFolder.open("test", folder, Duration.ofMillis(100));
        String old = keys.seal(SECRET, "row-1");

        Files.move(folder.resolve(EnvelopeKeyFolder.PRIMARY), folder.resolve("previous.key"));
        EnvelopeKeyFolder.ensure(folder); // a folder with a key file is left alone
        assertFalse(Files.exists(folder.resolve(EnvelopeKeyFolder.PRIMARY)));
        Path fresh = dir.resolve("fresh");
        EnvelopeKeyFolder.ensure(fresh);
        Files.copy(fresh.resolve(EnvelopeKeyFolder.PRIMARY), folder.resolve(EnvelopeKeyFolder.PRIMARY));
        Thread.sleep(150); // past the reload interval

        String resealed = keys.seal(SECRET, "row-1");
        assertFalse(keys.sealedWithPrimary(old), "sealed under the previous key");
        assertTrue(keys.sealedWithPrimary(resealed));
        assertEquals(SECRET, keys.open(old, "row-1"), "the previous key still opens");
        assertEquals(SECRET, keys.open(resealed, "row-1"));

        Files.delete(folder.resolve("previous.key"));
        EnvelopeKeyFolder restarted = EnvelopeKeyFolder.open("test", folder, Duration.ofMillis(100));
        EnvelopeKeyFolder.SealedValueException gone = assertThrows(EnvelopeKeyFolder.SealedValueException.class,
                () -> restarted.open(old, "row-1"));
        assertTrue(gone.getMessage().contains("is not in"), gone.getMessage());
    }

    @Test
    void aFolderWithoutPrimaryOrWithABadKeyDoesNotStart() throws Exception {
        Path folder = dir.resolve("bad");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("other.key"), "c2hvcnQ=\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnvelopeKeyFolder.open("test", folder, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("c2hvcnQ"), "no key material in the message");
    }
}
