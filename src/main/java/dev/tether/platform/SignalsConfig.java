package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the SSF receiver (incoming Security Event Tokens). Every key is in the
 * configuration table (docs/configuration.md).
 */
@ConfigMapping(prefix = "tether.signals")
public interface SignalsConfig {

    /**
     * Signature algorithms a SET may use. Asymmetric only: {@code none} and HMAC (which a public
     * key from a JWKS would otherwise be misused as the secret of) can never be allowed.
     */
    @WithDefault("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512")
    List<String> allowedAlgorithms();

    /** How far in the future a SET's iat may be (the transmitter's clock running ahead). */
    @WithDefault("5m")
    Duration clockSkew();

    /** How old a SET's iat may be when it arrives; older SETs are refused. */
    @WithDefault("24h")
    Duration maxAge();

    /** Largest SET accepted, in bytes. */
    @WithDefault("65536")
    int maxSetBytes();

    /** How long a fetched JWKS is used before it is fetched again. */
    @WithDefault("15m")
    Duration jwksCacheTtl();

    /**
     * Least time between two fetches of one source's JWKS set off by an unknown {@code kid}, so a
     * stream of forged kids cannot make Tether hammer the transmitter.
     */
    @WithDefault("10s")
    Duration jwksRefetchInterval();

    /** How often each poll source's transmitter is polled (RFC 8936); at once again after a non-empty batch. */
    @WithDefault("10s")
    Duration pollInterval();

    /** Most SETs asked for in one poll. */
    @WithDefault("100")
    int pollMaxEvents();

    /**
     * How often the status of each stream Tether manages is read from its transmitter (and shown
     * on the source), so a stream the transmitter paused or disabled shows as such.
     */
    @WithDefault("5m")
    Duration streamStatusInterval();

    /** Connect and response timeout of a call to a transmitter (JWKS, configuration, stream, poll). */
    @WithDefault("10s")
    Duration fetchTimeout();
}
