package dev.taxbridge.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.avatax.AddressResolution;
import dev.taxbridge.avatax.AvataxModels.AddressResolutionModel;
import dev.taxbridge.avatax.AvataxModels.AvaTaxMessage;
import dev.taxbridge.customer.CustomerModels.AddressCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressCheckTest {

    @Test
    void qualitiesThatPlaceOnlyTheCountryOrRegionAreUnresolved() {
        for (String quality : List.of("NotCoded", "CountryCentroid", "RegionCentroid")) {
            assertThat(check(quality).unresolved()).as(quality).isTrue();
        }
        for (String quality : List.of("Rooftop", "Interpolated", "PostalCentroidGood", "External", "Constant")) {
            assertThat(check(quality).unresolved()).as(quality).isFalse();
        }
    }

    @Test
    void anErrorMessageMakesAnyQualityUnresolvedAndAWarningDoesNot() {
        assertThat(check("Rooftop", new AvaTaxMessage("s", "d", "Address", "Error", "x")).unresolved()).isTrue();
        assertThat(check("Rooftop", new AvaTaxMessage("s", "d", "Address", "Exception", "x")).unresolved()).isTrue();
        assertThat(check("Rooftop", new AvaTaxMessage("s", "d", "Address", "Warning", "x")).unresolved()).isFalse();
    }

    @Test
    void resolutionModesParseOffAsYamlReadsIt() {
        assertThat(AddressResolution.parse("off", "k")).isEqualTo(AddressResolution.OFF);
        assertThat(AddressResolution.parse("false", "k")).as("YAML's bare off").isEqualTo(AddressResolution.OFF);
        assertThat(AddressResolution.parse(" Warn ", "k")).isEqualTo(AddressResolution.WARN);
        assertThat(AddressResolution.parse("require", "k")).isEqualTo(AddressResolution.REQUIRE);
        assertThatThrownBy(() -> AddressResolution.parse("strict", "tax.addresses.resolve"))
                .hasMessageContaining("tax.addresses.resolve").hasMessageContaining("strict");
    }

    private static AddressCheck check(String quality, AvaTaxMessage... messages) {
        return AddressCheck.of(new AddressResolutionModel(List.of(), quality, List.of(messages)));
    }
}
