package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the audit trail. Every key is documented in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.audit")
public interface AuditConfig {

    /**
     * How often the sealer links new records into the chains. The scheduler reads it as
     * {@code ${tether.audit.seal-interval}}; declared here for its one default and its check.
     */
    @WithDefault("1s")
    Duration sealInterval();

    /** Most records sealed in one sealer transaction; the rest wait for the next run. */
    @WithDefault("5000")
    int sealBatchSize();

    /** A checkpoint is signed once this many records were sealed since the last one... */
    @WithDefault("1000")
    int checkpointEveryRecords();

    /** ...or once this much time passed since the last one and there is something new to sign. */
    @WithDefault("60s")
    Duration checkpointEvery();

    /**
     * Folder holding the checkpoint signing key pair (private-key.pem, public-key.pem; RSA,
     * PKCS#8 / X.509 PEM). Made on first start when absent. Defaults to audit-key/ in the data
     * folder. Every replica must use the same pair.
     */
    Optional<String> signingKeyDir();

    /**
     * Public keys of earlier checkpoint signing pairs (PEM files, or folders of *.pem files):
     * checkpoints signed with them still verify after the pair was replaced. Re-read as they
     * change, like the pair itself.
     */
    Optional<List<String>> previousPublicKeys();

    /** Most distinct (directory, source) pairs of failed SCIM authentications held per minute. */
    @WithDefault("100")
    int failedAuthSources();

    /** Records older than this are removed, whole segments through a checkpoint only; unset keeps everything. */
    Optional<Duration> retention();
}
