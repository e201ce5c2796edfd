package dev.taxbridge.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taxbridge.address.AddressRules;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.Addresses;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxModels;
import dev.taxbridge.lago.LagoModels.Customer;
import org.springframework.stereotype.Component;

/**
 * What every ReturnInvoice of an invoice's life needs (a reversal, a credit note): the committed
 * SalesInvoice it answers, read from AvaTax's answer; the addresses that invoice had; and the wait for
 * a SalesInvoice AvaTax does not have yet.
 */
@Component
public class ReturnInvoices {

    public static final String TYPE = "ReturnInvoice";

    private final AddressRules addresses;
    private final PendingDocuments pending;
    private final ObjectMapper mapper;

    public ReturnInvoices(AddressRules addresses, PendingDocuments pending, ObjectMapper mapper) {
        this.addresses = addresses;
        this.pending = pending;
        this.mapper = mapper;
    }

    public TransactionModel original(JsonNode answer) {
        return AvataxModels.transaction(mapper, answer);
    }

    /** ShipFrom/ShipTo of a return, as the original invoice had them. */
    public Addresses addresses(String billingEntityCode, Customer customer) {
        return Addresses.shipping(addresses.shipFrom(billingEntityCode), addresses.shipTo(customer));
    }

    /** AvaTax has no SalesInvoice {@code invoiceLagoId}: retried for a bounded time, then parked. */
    public void notRecordedYet(AvataxConnection connection, String invoiceLagoId) {
        pending.notRecordedYet(connection.companyCode(), invoiceLagoId);
    }
}
