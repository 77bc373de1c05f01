package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void matchesTheStandardTestVectors() {
        // FIPS 180-2 examples
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex(Sha256.of("abc")));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(Sha256.of("")));
    }

    @Test
    void aDigestReusedOnOneThreadCarriesNothingOver() throws Exception {
        String first = hex(Sha256.of("tether_one"));
        Sha256.of("tether_two");
        assertEquals(first, hex(Sha256.of("tether_one")));
        String[] onOtherThread = new String[1];
        Thread t = new Thread(() -> onOtherThread[0] = hex(Sha256.of("tether_one")));
        t.start();
        t.join();
        assertEquals(first, onOtherThread[0]);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
