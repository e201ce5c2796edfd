package dev.taxbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.ops.OperationsMetrics.Outcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Prometheus names and labels an operator's dashboards and alerts use (docs/operations.md). */
class OperationsMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OperationsMetrics metrics = new OperationsMetrics(registry);

    @Test
    void prometheusNamesAndLabels() {
        metrics.command("invoice.finalized", Outcome.PARKED, "unmapped_item");
        metrics.command("invoice.finalized", Outcome.PARKED, "unmapped_item");
        metrics.command("invoice.finalized", Outcome.OK, null);
        metrics.avataxCall("default", "createoradjust", "200", 12_000_000);
        metrics.webhook("delivered");
        metrics.auditRecord("confirmed");

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("tax_commands_total{command=\"invoice.finalized\",error_code=\"unmapped_item\",outcome=\"parked\"} 2.0")
                .contains("tax_commands_total{command=\"invoice.finalized\",error_code=\"none\",outcome=\"ok\"} 1.0")
                .contains("avatax_requests_seconds_bucket{connection=\"default\",endpoint=\"createoradjust\",status=\"200\",le=")
                .contains("avatax_requests_seconds_count{connection=\"default\",endpoint=\"createoradjust\",status=\"200\"} 1")
                .contains("tax_webhook_deliveries_total{outcome=\"delivered\"} 1.0")
                .contains("tax_audit_records_total{outcome=\"confirmed\"} 1.0");
    }

    @Test
    void aRoutingKeyThatIsNoCommandIsCountedAsUnknown() {
        metrics.command("whatever." + System.nanoTime(), Outcome.PARKED, "invalid_message");

        assertThat(registry.find("tax.commands").tag("command", "unknown").counter().count()).isEqualTo(1);
    }
}
