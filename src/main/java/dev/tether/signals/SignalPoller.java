package dev.tether.signals;

import dev.tether.platform.Cause;
import dev.tether.platform.SignalsConfig;
import dev.tether.platform.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * RFC 8936 polling for poll sources: every {@code tether.signals.poll-interval}, and at once
 * again after each non-empty batch, each active poll source's transmitter is asked for SETs. Each
 * SET is verified and accepted exactly as a pushed one; the next request acknowledges the accepted
 * ones and reports the refused ones in {@code setErrs} with their RFC 8935 error codes.
 *
 * <p>Replicas may poll the same stream at the same time: the jti receipt makes a SET act once
 * whichever replica receives it, and each acknowledges what it received.
 */
@ApplicationScoped
public class SignalPoller {

    private static final Logger LOG = Logger.getLogger(SignalPoller.class);
    /** Batches in one round per source at most, so one busy stream cannot hold the poller forever. */
    static final int MAX_ROUNDS = 50;

    private final SignalSources sources;
    private final TransmitterStreams streams;
    private final SetVerification verification;
    private final SignalReceiver receiver;
    private final Transactions transactions;
    private final SignalsConfig config;

    SignalPoller(SignalSources sources, TransmitterStreams streams, SetVerification verification,
            SignalReceiver receiver, Transactions transactions, SignalsConfig config) {
        this.sources = sources;
        this.streams = streams;
        this.verification = verification;
        this.receiver = receiver;
        this.transactions = transactions;
        this.config = config;
    }

    @Scheduled(every = "${tether.signals.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        pollAll();
    }

    /** One round over every active poll source; returns how many SETs were accepted. */
    public int pollAll() {
        int accepted = 0;
        for (SignalSource source : transactions.run(sources::activePollSources)) {
            try {
                accepted += poll(source);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("signal source %s: polling %s failed: %s", source.id(), source.pollUrl(), e.getMessage());
            }
        }
        return accepted;
    }

    private int poll(SignalSource source) throws IOException {
        String token = transactions.run(() -> sources.endpoints(source.id())).map(StreamEndpoints::token).orElse(null);
        List<String> ack = new ArrayList<>();
        Map<String, Map<String, String>> errors = new LinkedHashMap<>();
        int accepted = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<String, String> sets = streams.poll(source.pollUrl(), token, ack, errors, config.pollMaxEvents());
            ack = new ArrayList<>();
            errors = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : sets.entrySet()) {
                try {
                    receiver.accept(source, verification.verify(source, e.getValue()), Cause.system());
                    ack.add(e.getKey());
                    accepted++;
                } catch (SignalRefusal r) {
                    errors.put(e.getKey(), Map.of("err", r.err(), "description", r.description()));
                }
            }
            if (sets.isEmpty()) {
                break;
            }
        }
        if (!ack.isEmpty() || !errors.isEmpty()) {
            streams.poll(source.pollUrl(), token, ack, errors, 0); // acknowledge only (RFC 8936 §2.4)
        }
        return accepted;
    }
}
