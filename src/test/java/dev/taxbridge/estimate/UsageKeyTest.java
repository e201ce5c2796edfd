package dev.taxbridge.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.estimate.UsageKey.LinePair;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageKeyTest {

    static final AvataxAddress BAINBRIDGE = new AvataxAddress("100 Ravine Lane NE", null, "Bainbridge Island", "WA",
            "US", "98110");
    static final AvataxAddress SEATTLE = new AvataxAddress("255 S King St", null, "Seattle", "WA", "US", "98104");

    @Test
    void amountsQuantitiesLineNumbersAndLineOrderDoNotChangeTheKey() {
        UsageKey morning = key("3", BAINBRIDGE, line("fee-0", "10.00", "API_CALLS", "SW054000"),
                line("fee-1", "99.00", "SUBSCRIPTION", "SW054000"));
        UsageKey evening = key("3", BAINBRIDGE, line("fee-7", "99.00", "SUBSCRIPTION", "SW054000"),
                line("x", "250.00", "API_CALLS", "SW054000"), line("y", "3.00", "API_CALLS", "SW054000"));

        assertThat(evening).isEqualTo(morning).hasSameHashCodeAs(morning);
        assertThat(morning.lines()).containsExactly(new LinePair("API_CALLS", "SW054000"),
                new LinePair("SUBSCRIPTION", "SW054000"));
    }

    @Test
    void planVersionShipToAndTheSetOfItemTaxCodePairsChangeTheKey() {
        UsageKey base = key("3", BAINBRIDGE, line("a", "1.00", "API_CALLS", "SW054000"));

        assertThat(key("4", BAINBRIDGE, line("a", "1.00", "API_CALLS", "SW054000"))).isNotEqualTo(base);
        assertThat(key("3", SEATTLE, line("a", "1.00", "API_CALLS", "SW054000"))).isNotEqualTo(base);
        assertThat(key("3", BAINBRIDGE, line("a", "1.00", "API_CALLS", "SW052000"))).isNotEqualTo(base);
        assertThat(key("3", BAINBRIDGE, line("a", "1.00", "API_CALLS", "SW054000"),
                line("b", "1.00", "STORAGE", "SW054000"))).isNotEqualTo(base);
    }

    private static UsageKey key(String planVersion, AvataxAddress shipTo, LineItemModel... lines) {
        return UsageKey.of("default", "CUS-1", "sub-1", "premium", planVersion, shipTo, SEATTLE, null, List.of(lines));
    }

    private static LineItemModel line(String number, String amount, String itemCode, String taxCode) {
        return new LineItemModel(number, BigDecimal.TEN, new BigDecimal(amount), taxCode, itemCode, null);
    }
}
