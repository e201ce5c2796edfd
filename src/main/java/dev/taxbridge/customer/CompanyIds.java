package dev.taxbridge.customer;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxEndpoints;
import dev.taxbridge.avatax.AvataxModels.CompanyModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
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

    public AvataxCall<FetchResult<CompanyModel>> lookup(AvataxConnection connection) {
        return AvataxEndpoints.companyByCode(connection.companyCode());
    }

    public long remember(AvataxConnection connection, FetchResult<CompanyModel> companies) {
        if (companies != null && companies.value() != null) {
            for (CompanyModel company : companies.value()) {
                if (company != null && connection.companyCode().equalsIgnoreCase(company.companyCode())
                        && company.id() != null) {
                    ids.put(connection.code(), company.id());
                    return company.id();
                }
            }
        }
        throw new TaxBridgeException(ErrorCode.COMPANY_NOT_FOUND, "AvaTax has no company '"
                + connection.companyCode() + "' (connection '" + connection.code() + "')");
    }
}
