package dev.taxbridge.tax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Metadata;
import dev.taxbridge.tax.CustomerExemptions.Exemption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerExemptionsTest {

    private final CustomerExemptions exemptions = new CustomerExemptions("avalara_entity_use_code",
            "avalara_exemption_no");

    @Test
    void valuesOfBothKeysAreTrimmed() {
        assertThat(exemptions.of(customer(new Metadata("avalara_entity_use_code", " G "),
                new Metadata("avalara_exemption_no", "\tRS-1029 ")))).isEqualTo(new Exemption("G", "RS-1029"));
    }

    @Test
    void anEmptyOrBlankValueIsAbsent() {
        assertThat(exemptions.of(customer(new Metadata("avalara_entity_use_code", "  "),
                new Metadata("avalara_exemption_no", null)))).isEqualTo(Exemption.NONE);
    }

    @Test
    void aCustomerWithoutMetadataOrWithOtherKeysIsNotExempt() {
        assertThat(exemptions.of(customer())).isEqualTo(Exemption.NONE);
        assertThat(exemptions.of(customer(new Metadata("account_manager", "Dana"), null))).isEqualTo(Exemption.NONE);
        assertThat(exemptions.of(null)).isEqualTo(Exemption.NONE);
    }

    @Test
    void aCompanysOwnCodeOfTwentyFiveLettersAndDigitsIsSent() {
        String code = "MUNICIPAL2026ABCDEFGHIJKL";
        assertThat(code).hasSize(25);
        assertThat(exemptions.of(customer(new Metadata("avalara_entity_use_code", code))).entityUseCode())
                .isEqualTo(code);
    }

    @Test
    void aCodeLongerThanTwentyFiveCharactersIsAnInvalidMessageNamingTheKey() {
        assertThatThrownBy(() -> exemptions.of(customer(new Metadata("avalara_entity_use_code",
                "MUNICIPAL2026ABCDEFGHIJKLM"))))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE))
                .hasMessageContaining("'avalara_entity_use_code'");
    }

    @Test
    void aCodeWithOtherCharactersThanLettersAndDigitsIsAnInvalidMessage() {
        for (String bad : List.of("E-1", "E 1", "É", "G;")) {
            assertThatThrownBy(() -> exemptions.of(customer(new Metadata("avalara_entity_use_code", bad))))
                    .as(bad).isInstanceOf(TaxBridgeException.class).hasMessageContaining(bad);
        }
    }

    @Test
    void theKeysAreSettable() {
        CustomerExemptions own = new CustomerExemptions("entity_use", "exemption");
        assertThat(own.of(customer(new Metadata("entity_use", "A"), new Metadata("exemption", "X1"),
                new Metadata("avalara_entity_use_code", "B")))).isEqualTo(new Exemption("A", "X1"));
    }

    @Test
    void anExemptionAvataxNamesWithEmptyValuesIsNone() {
        assertThat(FeeTaxes.Exemption.of("", "", 0L)).isNull();
        assertThat(FeeTaxes.Exemption.of(null, null, null)).isNull();
        assertThat(FeeTaxes.Exemption.of("", "", 104233L)).isEqualTo(new FeeTaxes.Exemption(null, null, 104233L));
        assertThat(FeeTaxes.Exemption.of("E", " ", 0L)).isEqualTo(new FeeTaxes.Exemption("E", null, null));
    }

    private static Customer customer(Metadata... metadata) {
        return new Customer("lago-1", "ext-1", "Name", null, "1 Main St", null, "Seattle", "WA", "98104", "US", null,
                null, metadata.length == 0 ? null : Arrays.asList(metadata));
    }
}
