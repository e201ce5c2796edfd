package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.route.AvataxRefusals;
import org.junit.jupiter.api.Test;

class AvataxEndpointsTest {

    @Test
    void codesUseAvataxEscapesForCharactersASegmentCannotHold() {
        assertThat(AvataxEndpoints.segment("inv/2026+1?#%")).isEqualTo("inv_-ava2f-_2026_-ava2b-_1_-ava3f-__-ava23-__-ava25-_");
        assertThat(AvataxEndpoints.segment("a b")).isEqualTo("a%20b");
        assertThat(AvataxEndpoints.segment("c5f0e3b2-uuid")).isEqualTo("c5f0e3b2-uuid");
        assertThat(AvataxEndpoints.transaction("DEFAULT", "x/y")).isEqualTo("/api/v2/companies/DEFAULT/transactions/x_-ava2f-_y");
    }

    @Test
    void companyFilterIsEncodedAndQuotesAreDoubled() {
        assertThat(AvataxEndpoints.companyByCodePath("O'NEIL")).isEqualTo("/api/v2/companies?$filter=companyCode%20eq%20'O''NEIL'");
    }

    @Test
    void onlyAProviderErrorWithAListedAvataxCodeIsAnExpectedRefusal() {
        TaxBridgeException locked = new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "m",
                "CannotModifyLockedTransaction", null);
        assertThat(AvataxRefusals.expected(locked, "EntityNotFoundError, CannotModifyLockedTransaction")).isTrue();
        assertThat(AvataxRefusals.expected(locked, "EntityNotFoundError")).isFalse();
        assertThat(AvataxRefusals.expected(new TaxBridgeException(ErrorCode.COMPANY_NOT_FOUND, "m",
                "EntityNotFoundError", null), "EntityNotFoundError")).as("a missing company is not a missing document")
                .isFalse();
        assertThat(AvataxRefusals.expected(new TaxBridgeException(ErrorCode.PROVIDER_ERROR, "m"), "x")).isFalse();
    }
}
