package dev.tether.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How an attempt's ledger outcome maps onto the outcome label of tether_delivery_attempts_total. */
class DeliveryMetricsTest {

    @Test
    void outcomesMapOntoTheirLabels() {
        assertEquals("success", DeliveryMetrics.outcome(new DeliveryLedger.Outcome(true, 200, null, null, null)));
        assertEquals("failure", DeliveryMetrics.outcome(
                new DeliveryLedger.Outcome(false, 500, "boom", Duration.ofSeconds(1), null)));
        assertEquals("gone", DeliveryMetrics.outcome(new DeliveryLedger.Outcome(false, 410, "gone", null, "410")));
        assertEquals("dead", DeliveryMetrics.outcome(new DeliveryLedger.Outcome(false, 500, "boom", null, null)));
    }
}
