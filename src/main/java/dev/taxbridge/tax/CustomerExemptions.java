package dev.taxbridge.tax;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * An exempt customer without a certificate on file: Lago's customer {@code metadata} entry with the key
 * {@code tax.exemptions.entity-use-code-key} gives AvaTax's {@code entityUseCode} (its letter codes
 * {@code A}–{@code R}, or a company's own code), the one with {@code tax.exemptions.exemption-number-key}
 * its {@code exemptionNo}. Values are trimmed; an empty value is absent. An entity use code AvaTax cannot
 * hold (longer than 25 characters, or with characters other than letters and digits) is refused as
 * {@code invalid_message}, naming the key.
 */
@Component
public class CustomerExemptions {

    /** AvaTax's limit for an entity use code. */
    static final int MAX_ENTITY_USE_CODE_LENGTH = 25;
    private static final Pattern LETTERS_AND_DIGITS = Pattern.compile("[A-Za-z0-9]+");

    private final String entityUseCodeKey;
    private final String exemptionNumberKey;

    public CustomerExemptions(
            @Value("${tax.exemptions.entity-use-code-key:avalara_entity_use_code}") String entityUseCodeKey,
            @Value("${tax.exemptions.exemption-number-key:avalara_exemption_no}") String exemptionNumberKey) {
        this.entityUseCodeKey = entityUseCodeKey;
        this.exemptionNumberKey = exemptionNumberKey;
    }

    /** What the customer's documents are sent with; {@link Exemption#NONE} for a customer without either key. */
    public Exemption of(Customer customer) {
        if (customer == null) {
            return Exemption.NONE;
        }
        String entityUseCode = value(customer, entityUseCodeKey);
        if (entityUseCode != null && (entityUseCode.length() > MAX_ENTITY_USE_CODE_LENGTH
                || !LETTERS_AND_DIGITS.matcher(entityUseCode).matches())) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "customer metadata '" + entityUseCodeKey
                    + "' is '" + entityUseCode + "': an AvaTax entity use code is 1 to "
                    + MAX_ENTITY_USE_CODE_LENGTH + " letters or digits");
        }
        return new Exemption(entityUseCode, value(customer, exemptionNumberKey));
    }

    private static String value(Customer customer, String key) {
        return customer.metadataValue(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    /** AvaTax's {@code entityUseCode} and {@code exemptionNo} of a document; each null when absent. */
    public record Exemption(String entityUseCode, String exemptionNo) {
        public static final Exemption NONE = new Exemption(null, null);
    }
}
