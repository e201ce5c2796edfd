package dev.taxbridge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taxbridge.address.AddressRules;
import dev.taxbridge.tax.CustomerExemptions;
import dev.taxbridge.address.BillingEntityProperties.BillingEntity;
import dev.taxbridge.address.BillingEntityProperties;
import dev.taxbridge.avatax.AvataxModels.CreateOrAdjustTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.LineItemModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineDetailModel;
import dev.taxbridge.avatax.AvataxModels.TransactionLineModel;
import dev.taxbridge.avatax.AvataxModels.TransactionModel;
import dev.taxbridge.avatax.AvataxProperties;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.avatax.TestConnections;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.Fee;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lago.LagoModels.Item;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNote;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteItem;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.PayInAdvanceFee;
import dev.taxbridge.lifecycle.ReturnLines.Credit;
import dev.taxbridge.mapping.ItemMapping;
import dev.taxbridge.mapping.MappingProperties.ConnectionMappings;
import dev.taxbridge.mapping.MappingProperties;
import dev.taxbridge.mapping.MappingSet;
import dev.taxbridge.mapping.TaxMappingResolver;
import dev.taxbridge.tax.FeeTaxes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

    @Test
    void creditNoteSkipsFeesTheInvoiceListsAsCredits() {
        Invoice invoice = new Invoice("inv", "N", LocalDate.of(2026, 1, 1), "USD", null, null, List.of(
                new Fee("f1", new Item("charge", "api", "API"), BigDecimal.ONE, 100L, 100L, null),
                new Fee("c1", new Item("credit", "credit", "Prepaid"), BigDecimal.ONE, 50L, 50L, null)));
        CreditNoteCommand command = new CreditNoteCommand(null, new CreditNote("cn", "CN", null, null,
                LocalDate.of(2026, 2, 1), null, null, null, List.of(legacyItem("f1", 40L), legacyItem("c1", 50L),
                legacyItem("x", 5L))), invoice);

        assertThat(CreditNoteTransactions.creditsOf(command)).containsExactly(new Credit("f1", 40, "API"),
                new Credit("x", 5, null));
    }

    @Test
    void lagosCreditNoteItemsCarryTheirFeeAndAreCreditedAfterCouponsWithoutAnInvoice() {
        Fee subscription = new Fee("f_sub", new Item("subscription", "pro", "Pro plan"), new BigDecimal("1.0"),
                10_000L, 9_000L, new BigDecimal("1000.0"));
        Fee credit = new Fee("f_credit", new Item("credit", "credit", "Prepaid credits"), new BigDecimal("1.0"),
                500L, 500L, new BigDecimal("0.0"));
        CreditNoteCommand command = new CreditNoteCommand(null, new CreditNote("cn", "INV-1-CN001", "inv",
                "INV-1", LocalDate.of(2026, 2, 1), "USD", null, null, List.of(
                        new CreditNoteItem("i1", 10_000L, subscription, null),
                        new CreditNoteItem("i2", 500L, credit, null))), null);

        assertThat(CreditNoteTransactions.creditsOf(command)).containsExactly(new Credit("f_sub", 9_000, "Pro plan"));
    }

    @Test
    void aPartialCreditIsItsShareOfTheFeeAfterCouponsRoundedHalfAwayFromZeroLikeLagosPayload() {
        Fee fee = new Fee("f", new Item("charge", "api", "API"), BigDecimal.ONE, 10_000L, 9_000L, null);

        assertThat(CreditNoteTransactions.creditedCents(3_333L, fee)).isEqualTo(3_000); // 2999.7
        assertThat(CreditNoteTransactions.creditedCents(3_335L, fee)).isEqualTo(3_002); // 3001.5
        assertThat(CreditNoteTransactions.creditedCents(3_331L, fee)).isEqualTo(2_998); // 2997.9
        assertThat(CreditNoteTransactions.creditedCents(1_111L, fee)).isEqualTo(1_000); // 999.9
        assertThat(CreditNoteTransactions.creditedCents(5_000L, fee)).isEqualTo(4_500);
        assertThat(CreditNoteTransactions.creditedCents(10_000L, fee)).isEqualTo(9_000);
        assertThat(CreditNoteTransactions.creditedCents(0L, fee)).isZero();
    }

    @Test
    void aPartialCreditIsTakenOfTheFeesPreciseAmountAfterCouponsNotItsRoundedSubTotal() {
        // 10000 - 757.5757... = 9242.4242...; 7000 of it is 6469.697 (of the rounded 9242 it would be 6469.4).
        Fee fee = new Fee("f", new Item("subscription", "pro", "Pro"), BigDecimal.ONE, 10_000L, 9_242L,
                new BigDecimal("757.5757575757575758"));

        assertThat(CreditNoteTransactions.creditedCents(7_000L, fee)).isEqualTo(6_470);
        assertThat(CreditNoteTransactions.creditedCents(2_500L, fee)).isEqualTo(2_311); // 2310.606
        assertThat(CreditNoteTransactions.creditedCents(10_000L, fee)).as("a full credit is the fee's line")
                .isEqualTo(9_242);
    }

    @Test
    void aCreditWithoutFeeAmountsIsTakenAsItIs() {
        assertThat(CreditNoteTransactions.creditedCents(1_234L, null)).isEqualTo(1_234);
        assertThat(CreditNoteTransactions.creditedCents(1_234L, new Fee("f", null, null, 0L, null, null))).isZero();
    }

    @Test
    void returnDocumentFeesAreThePositiveRecordedTaxNotWhatAvaTaxCalculated() {
        TransactionModel returned = new TransactionModel(9L, "cn_1", 1L, null, "Committed", "ReturnInvoice", "USD",
                "C", "N", new BigDecimal("-0.50"), new BigDecimal("-0.04"), null, null, List.of(
                        new TransactionLineModel(1L, "f3", BigDecimal.ONE, new BigDecimal("-0.50"),
                                new BigDecimal("-0.04"), new BigDecimal("-0.045"), null, null, "T", "I", List.of(
                                        new TransactionLineDetailModel("WA", "State", new BigDecimal("0.065"),
                                                new BigDecimal("-0.03"), new BigDecimal("-0.0325"), null, "WA STATE",
                                                "Sales", "WA", "US", null, null),
                                        new TransactionLineDetailModel("BI", "City", new BigDecimal("0.025"),
                                                new BigDecimal("-0.01"), new BigDecimal("-0.0125"), null, "WA CITY",
                                                "Sales", "WA", "US", null, null)), "TaxAmount")),
                null);

        List<FeeTaxes> fees = LifecycleEvents.documentFees(returned);

        assertThat(fees).hasSize(1);
        assertThat(fees.get(0).amountCents()).isEqualTo(50);
        assertThat(fees.get(0).taxesAmountCents()).isEqualTo(4);
        assertThat(fees.get(0).taxesRate()).isEqualByComparingTo("9");
        assertThat(fees.get(0).taxBreakdown()).extracting(FeeTaxes.TaxBreakdown::amountCents).containsExactly(3L, 1L);
    }

    @Test
    void payInAdvanceFeeIsDatedByItsCreationDayInUtc() {
        assertThat(PayInAdvanceFees.date(fee("2026-11-03T23:30:00-05:00"))).isEqualTo(LocalDate.of(2026, 11, 4));
        assertThat(PayInAdvanceFees.date(fee("2026-11-03"))).isEqualTo(LocalDate.of(2026, 11, 3));
        assertThatThrownBy(() -> PayInAdvanceFees.date(fee("yesterday")))
                .isInstanceOfSatisfying(TaxBridgeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void payInAdvanceFeeCurrencyIsAmountCurrencyElseCurrencyAndCouponsAreDeducted() {
        PayInAdvanceFee fee = new PayInAdvanceFee("f", null, null, 1000L, null, new BigDecimal("250.0"), "EUR",
                null, null, null);
        assertThat(fee.currencyCode()).isEqualTo("EUR");
        assertThat(fee.asFee().taxableAmountCents()).isEqualTo(750);
    }

    @Test
    void payInAdvanceFeeWithoutBillingEntityUsesTheDefaultEntitysMappingAndShipFrom() {
        BillingEntity acme = new BillingEntity("Acme", "255 S King St", null, "Seattle", "WA", "98104", "US");
        AddressRules addresses = new AddressRules(new BillingEntityProperties(Map.of("acme", acme), "acme"));
        TaxMappingResolver mappings = new TaxMappingResolver(new MappingProperties(Map.of("default",
                new ConnectionMappings(
                        new MappingSet(Map.of("setup", new ItemMapping("DEFAULT_CODE", null)), null, null, null, null),
                        Map.of("acme", new MappingSet(Map.of("setup", new ItemMapping("ACME_CODE", null)),
                                null, null, null, null))))));
        ConnectionRegistry connections = TestConnections.registry(new AvataxProperties("default", Map.of("default",
                new AvataxProperties.ConnectionSettings("http://avatax", "1", "key-123456", "DEFAULT")), "t"));
        PayInAdvanceFees fees = new PayInAdvanceFees(null, connections, mappings, addresses,
                new CustomerExemptions("avalara_entity_use_code", "avalara_exemption_no"));
        Customer customer = new Customer("c", "ext-1", "Buyer", null, "100 Ravine Lane NE", null,
                "Bainbridge Island", "WA", "98110", "US", null, null);
        FeeCommand command = new FeeCommand(null, new PayInAdvanceFee("fee1", new Item("add_on", "setup", "Setup"),
                new BigDecimal("2.0"), 1000L, null, null, "USD", null, "2026-11-03", null), customer, null);

        CreateTransactionModel model = ((CreateOrAdjustTransactionModel) fees.call(command).body())
                .createTransactionModel();

        assertThat(model.code()).isEqualTo("fee_fee1");
        assertThat(model.lines()).extracting(LineItemModel::taxCode).containsExactly("ACME_CODE");
        assertThat(model.lines().get(0).quantity()).isEqualByComparingTo("2").hasToString("2");
        assertThat(model.addresses().shipFrom().line1()).isEqualTo("255 S King St");
    }

    @Test
    void documentNotRecordedYetIsARetryableProviderErrorWithItsOwnDelay() {
        assertThatThrownBy(() -> new PendingDocuments(Duration.ofSeconds(15)).notRecordedYet("DEFAULT", "inv-1"))
                .isInstanceOfSatisfying(TaxBridgeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR);
                    assertThat(e.providerCode()).isEqualTo("EntityNotFoundError");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15));
                });
    }

    private static PayInAdvanceFee fee(String createdAt) {
        return new PayInAdvanceFee("f", null, null, 1L, null, null, "USD", null, createdAt, null);
    }

    /** An item of the bridge's earlier contract: the credited fee named by fee_lago_id, no fee object. */
    private static CreditNoteItem legacyItem(String feeLagoId, long amountCents) {
        return new CreditNoteItem(null, amountCents, null, feeLagoId);
    }
}
