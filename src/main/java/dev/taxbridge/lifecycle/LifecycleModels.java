package dev.taxbridge.lifecycle;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lago.LagoModels.Item;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The Lago-shaped commands of an invoice's life after it is committed. */
public final class LifecycleModels {

    private LifecycleModels() {
    }

    /**
     * {@code invoice.voided} ({@code dispute} absent) and {@code invoice.disputed}. A lost dispute comes as
     * {@code {invoice, dispute: {status}}} or as Lago's {@code invoice.payment_dispute_lost} webhook body,
     * whose invoice sits in {@code payment_dispute_lost} (PaymentDisputeLostSerializer).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReversalCommand(String connection, Invoice invoice, Dispute dispute,
            PaymentDisputeLost paymentDisputeLost, String organizationId) {

        public ReversalCommand(String connection, Invoice invoice, Dispute dispute,
                PaymentDisputeLost paymentDisputeLost) {
            this(connection, invoice, dispute, paymentDisputeLost, null);
        }

        @Override
        public Invoice invoice() {
            return invoice != null || paymentDisputeLost == null ? invoice : paymentDisputeLost.invoice();
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PaymentDisputeLost(Invoice invoice) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Dispute(String lagoId, String status) {
    }

    /**
     * {@code credit_note.created}: Lago's credit note (CreditNoteSerializer with its customer and items, as in
     * Lago's {@code credit_note.created} webhook). An {@code invoice} beside it is optional: when present it
     * supplies what the credit note lacks (customer, currency, number) and tells credits apart.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreditNoteCommand(String connection, CreditNote creditNote, Invoice invoice,
            String organizationId) {

        public CreditNoteCommand(String connection, CreditNote creditNote, Invoice invoice) {
            this(connection, creditNote, invoice, null);
        }

        /** The credited invoice's lago_id: the code of its committed SalesInvoice. */
        public String invoiceLagoId() {
            return either(creditNote.lagoInvoiceId(), invoice == null ? null : invoice.lagoId());
        }

        public String invoiceNumber() {
            return either(creditNote.invoiceNumber(), invoice == null ? null : invoice.number());
        }

        public String currency() {
            return either(creditNote.currency(), invoice == null ? null : invoice.currency());
        }

        public String billingEntityCode() {
            return either(creditNote.billingEntityCode(), invoice == null ? null : invoice.billingEntityCode());
        }

        public Customer customer() {
            return creditNote.customer() != null ? creditNote.customer() : invoice == null ? null : invoice.customer();
        }

        private static String either(String own, String fromInvoice) {
            return own != null && !own.isBlank() ? own : fromInvoice;
        }
    }

    /**
     * Lago's CreditNoteSerializer. {@code status} (draft or finalized, Lago's {@code CreditNote} model) is not
     * serialized by Lago, only read when a producer adds it; {@code credit_status} (available, consumed,
     * voided) tells what is left of the credit, not the tax.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreditNote(String lagoId, String number, String lagoInvoiceId, String invoiceNumber,
            LocalDate issuingDate, String currency, String billingEntityCode, Customer customer,
            List<CreditNoteItem> items, String status, String creditStatus) {

        public CreditNote(String lagoId, String number, String lagoInvoiceId, String invoiceNumber,
                LocalDate issuingDate, String currency, String billingEntityCode, Customer customer,
                List<CreditNoteItem> items) {
            this(lagoId, number, lagoInvoiceId, invoiceNumber, issuingDate, currency, billingEntityCode, customer,
                    items, null, null);
        }
    }

    /**
     * Lago's CreditNoteItemSerializer: the credited amount and the credited fee. {@code fee_lago_id} (the
     * bridge's earlier contract, without the fee object) is still read when {@code fee} is absent.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreditNoteItem(String lagoId, Long amountCents, Fee fee, String feeLagoId) {

        public String creditedFeeId() {
            return fee != null && fee.lagoId() != null ? fee.lagoId() : feeLagoId;
        }
    }

    /** {@code fee.pay_in_advance}: a fee billed on its own, outside any invoice. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FeeCommand(String connection, PayInAdvanceFee fee, Customer customer, String billingEntityCode,
            String organizationId) {

        public FeeCommand(String connection, PayInAdvanceFee fee, Customer customer, String billingEntityCode) {
            this(connection, fee, customer, billingEntityCode, null);
        }
    }

    /**
     * Lago's fee object (FeeSerializer, as in Lago's {@code fee.created} webhook); its currency is
     * {@code amount_currency} ({@code currency} is accepted too). {@code invoiceable} and
     * {@code lago_invoice_id} tell a fee Lago taxes inside an invoice from one it records on its own.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PayInAdvanceFee(String lagoId, Item item, BigDecimal units, Long amountCents,
            Long subTotalExcludingTaxesAmountCents, BigDecimal preciseCouponsAmountCents, String amountCurrency,
            String currency, String createdAt, String billingEntityCode, Boolean invoiceable, String lagoInvoiceId) {

        public PayInAdvanceFee(String lagoId, Item item, BigDecimal units, Long amountCents,
                Long subTotalExcludingTaxesAmountCents, BigDecimal preciseCouponsAmountCents, String amountCurrency,
                String currency, String createdAt, String billingEntityCode) {
            this(lagoId, item, units, amountCents, subTotalExcludingTaxesAmountCents, preciseCouponsAmountCents,
                    amountCurrency, currency, createdAt, billingEntityCode, null, null);
        }

        public String currencyCode() {
            return amountCurrency != null && !amountCurrency.isBlank() ? amountCurrency : currency;
        }

        /**
         * Lago taxes this fee inside an invoice ({@code invoiceable: true}, or already attached to one): the
         * invoice reports it, so the fee alone is only estimated.
         */
        public boolean invoiced() {
            return Boolean.TRUE.equals(invoiceable) || (lagoInvoiceId != null && !lagoInvoiceId.isBlank());
        }

        /** The fields every fee shares, so one set of rules reads them. */
        public Fee asFee() {
            return new Fee(lagoId, item, units, amountCents, subTotalExcludingTaxesAmountCents,
                    preciseCouponsAmountCents);
        }
    }
}
