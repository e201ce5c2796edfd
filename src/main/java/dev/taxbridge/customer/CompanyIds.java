package dev.taxbridge.customer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The numeric AvaTax company id some endpoints (customers) want, resolved once per connection from its
 * company code ({@code GET /api/v2/companies?$filter=companyCode eq '<code>'}) and kept for the life of
 * the process. Only found ids are kept, so a company created later is found on the next command.
 */
@Component
public class CompanyIds {

    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    public Long cached(AvataxConnection connection) {
        return ids.get(connection.code());
    }

    public AvataxCall lookup(AvataxConnection connection) {
        return AvataxEndpoints.companyByCode(connection);
    }

    public long remember(AvataxConnection connection, JsonNode response) {
        JsonNode companies = response == null ? null : response.path("value");
        if (companies != null && companies.isArray()) {
            for (JsonNode company : companies) {
                if (connection.companyCode().equalsIgnoreCase(company.path("companyCode").asText())
                        && company.path("id").canConvertToLong()) {
                    long id = company.path("id").asLong();
                    ids.put(connection.code(), id);
                    return id;
                }
            }
        }
        throw new TaxBridgeException(ErrorCode.COMPANY_NOT_FOUND, "AvaTax has no company '"
                + connection.companyCode() + "' (connection '" + connection.code() + "')");
    }
}
