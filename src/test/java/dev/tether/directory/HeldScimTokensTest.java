package dev.tether.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.ScimLimits;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeldScimTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final UUID DIR = UUID.randomUUID();
    private static final AuthenticatedScimToken TOKEN = new AuthenticatedScimToken(DIR, UUID.randomUUID());
    private static final byte[] HASH = ScimTokens.hash("tether_one");

    private static HeldScimTokens held(Duration hold) {
        ScimLimits limits = (ScimLimits) Proxy.newProxyInstance(ScimLimits.class.getClassLoader(),
                new Class<?>[] {ScimLimits.class}, (proxy, method, args) -> {
                    if (method.getName().equals("tokenHold")) {
                        return hold;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        HeldScimTokens held = new HeldScimTokens(limits, null);
        held.startHolding();
        return held;
    }

    @Test
    void heldForTheHoldAndNoLonger() {
        HeldScimTokens held = held(Duration.ofSeconds(30));
        held.hold(HASH, TOKEN, null, NOW, held.generation());
        assertEquals(Optional.of(TOKEN), held.find(DIR, HASH.clone(), NOW.plusSeconds(29)));
        assertEquals(Optional.empty(), held.find(DIR, HASH, NOW.plusSeconds(30)));
    }

    @Test
    void neverPastTheTokensOwnExpiry() {
        HeldScimTokens held = held(Duration.ofSeconds(30));
        held.hold(HASH, TOKEN, NOW.plusSeconds(5), NOW, held.generation());
        assertEquals(Optional.of(TOKEN), held.find(DIR, HASH, NOW.plusSeconds(4)));
        assertEquals(Optional.empty(), held.find(DIR, HASH, NOW.plusSeconds(5)));
    }

    @Test
    void onlyForItsOwnDirectory() {
        HeldScimTokens held = held(Duration.ofSeconds(30));
        held.hold(HASH, TOKEN, null, NOW, held.generation());
        assertEquals(Optional.empty(), held.find(UUID.randomUUID(), HASH, NOW));
    }

    @Test
    void aChangeForgetsTheDirectorysTokensAndNoOthers() {
        HeldScimTokens held = held(Duration.ofSeconds(30));
        UUID otherDir = UUID.randomUUID();
        AuthenticatedScimToken other = new AuthenticatedScimToken(otherDir, UUID.randomUUID());
        byte[] otherHash = ScimTokens.hash("tether_two");
        held.hold(HASH, TOKEN, null, NOW, held.generation());
        held.hold(otherHash, other, null, NOW, held.generation());
        held.forget(DIR);
        assertEquals(Optional.empty(), held.find(DIR, HASH, NOW));
        assertEquals(Optional.of(other), held.find(otherDir, otherHash, NOW));
    }

    @Test
    void aLookupThatRacedAChangeIsNotHeld() {
        HeldScimTokens held = held(Duration.ofSeconds(30));
        long before = held.generation();
        held.forget(DIR); // committed while the lookup was on its way
        held.hold(HASH, TOKEN, null, NOW, before);
        assertEquals(Optional.empty(), held.find(DIR, HASH, NOW));
        assertEquals(0, held.size());
    }

    @Test
    void nothingIsHeldWhileChangesCannotBeHeard() {
        HeldScimTokens held = held(Duration.ofSeconds(30));
        held.hold(HASH, TOKEN, null, NOW, held.generation());
        held.stopHolding();
        assertEquals(Optional.empty(), held.find(DIR, HASH, NOW));
        held.hold(HASH, TOKEN, null, NOW, held.generation());
        assertEquals(0, held.size());
        held.startHolding();
        assertEquals(Optional.empty(), held.find(DIR, HASH, NOW), "listening again starts from nothing");
    }

    @Test
    void aZeroHoldHoldsNothing() {
        HeldScimTokens held = held(Duration.ZERO);
        held.hold(HASH, TOKEN, null, NOW, held.generation());
        assertTrue(held.find(DIR, HASH, NOW).isEmpty());
    }
}
