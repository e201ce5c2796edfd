package dev.taxbridge.route;

import dev.taxbridge.avatax.AvataxCall;
import dev.taxbridge.avatax.AvataxConnection;
import dev.taxbridge.avatax.AvataxModels.AddressResolutionModel;
import dev.taxbridge.avatax.AvataxModels.CompanyModel;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.AvataxModels.FetchResult;
import dev.taxbridge.customer.CompanyIds;
import dev.taxbridge.customer.CustomerModels.AddressCheck;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.customer.CustomerSync;
import dev.taxbridge.messaging.CommandContext;
import dev.taxbridge.messaging.OutcomeEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of routes/customers.camel.yaml ({@code process: {ref: ...}}, and the {@code ref} predicate of
 * avatax-company-id): each hands the command from its {@link CommandContext}, and what the route has learnt so
 * far (kept in the exchange properties named here), to {@link CustomerSync} or {@link CompanyIds} and puts the
 * answer back; the AvaTax call goes to {@link AvataxCallStep#CALL}.
 */
@Configuration(proxyBeanMethods = false)
public class CustomerSteps {

    /** The command's AvaTax connection, which avatax-company-id reads. */
    static final String CONNECTION = "avataxConnection";
    /** AvaTax's resolution of the customer's address ({@link AddressCheck}), or null. */
    static final String ADDRESS_RESOLUTION = "addressResolution";
    /** The connection's numeric company id. */
    static final String COMPANY_ID = "avataxCompanyId";
    /** The Avalara customer as AvaTax has it, or null when it has none yet. */
    static final String AVALARA_CUSTOMER = "avalaraCustomer";
    /** The {@code customer.tax_provider_synced} event, which {@code customer.address_unresolved} repeats. */
    static final String SYNCED_EVENT = "syncedEvent";

    @Bean
    Processor customerParse(CustomerSync sync) {
        return exchange -> {
            CommandContext context = CommandEnvelope.context(exchange);
            context.command(sync.parse(context.body()));
        };
    }

    @Bean
    Processor customerConnection(CustomerSync sync) {
        return exchange -> exchange.setProperty(CONNECTION, sync.connection(command(exchange)));
    }

    @Bean
    Processor customerAddressResolution(CustomerSync sync) {
        return exchange -> call(exchange, sync.resolution(command(exchange)));
    }

    @Bean
    Processor customerAddressChecked(CustomerSync sync) {
        return exchange -> exchange.setProperty(ADDRESS_RESOLUTION, sync.checked(command(exchange),
                exchange.getMessage().getBody(AddressResolutionModel.class)));
    }

    @Bean
    Processor customerLookup(CustomerSync sync) {
        return exchange -> call(exchange, sync.lookup(command(exchange), companyId(exchange)));
    }

    /** AvaTax's answer to the lookup: the customer, or null when AvaTax has none. */
    @Bean
    Processor customerFound() {
        return exchange -> exchange.setProperty(AVALARA_CUSTOMER, exchange.getMessage().getBody(CustomerModel.class));
    }

    @Bean
    Processor customerWrite(CustomerSync sync) {
        return exchange -> call(exchange, sync.write(command(exchange), companyId(exchange),
                exchange.getProperty(AVALARA_CUSTOMER, CustomerModel.class)));
    }

    @Bean
    Processor customerSyncedEvent(CustomerSync sync) {
        return exchange -> {
            OutcomeEvent synced = sync.synced(command(exchange), exchange.getProperty(AvataxCallStep.CALL,
                    AvataxCall.class), companyId(exchange), exchange.getProperty(AVALARA_CUSTOMER, CustomerModel.class),
                    exchange.getMessage().getBody(), addressResolution(exchange),
                    CommandEnvelope.context(exchange).messageId());
            exchange.setProperty(SYNCED_EVENT, synced);
            exchange.getMessage().setBody(synced);
        };
    }

    /** {@code customer.address_unresolved}, or a null body when AvaTax placed the address. */
    @Bean
    Processor customerAddressUnresolvedEvent(CustomerSync sync) {
        return exchange -> exchange.getMessage().setBody(sync.addressUnresolved(
                exchange.getProperty(SYNCED_EVENT, OutcomeEvent.class), addressResolution(exchange)));
    }

    // --- avatax-company-id ----------------------------------------------------------------------

    @Bean
    Processor companyIdCached(CompanyIds companyIds) {
        return exchange -> exchange.setProperty(COMPANY_ID, companyIds.cached(connection(exchange)));
    }

    @Bean
    Predicate companyIdUnknown() {
        return exchange -> exchange.getProperty(COMPANY_ID) == null;
    }

    @Bean
    Processor companyIdLookup(CompanyIds companyIds) {
        return exchange -> call(exchange, companyIds.lookup(connection(exchange)));
    }

    @Bean
    Processor companyIdRemembered(CompanyIds companyIds) {
        return exchange -> {
            @SuppressWarnings("unchecked")
            FetchResult<CompanyModel> companies = (FetchResult<CompanyModel>) exchange.getMessage().getBody();
            exchange.setProperty(COMPANY_ID, companyIds.remember(connection(exchange), companies));
        };
    }

    private static CustomerSyncCommand command(Exchange exchange) {
        return CommandEnvelope.context(exchange).command(CustomerSyncCommand.class);
    }

    private static AvataxConnection connection(Exchange exchange) {
        return exchange.getProperty(CONNECTION, AvataxConnection.class);
    }

    private static long companyId(Exchange exchange) {
        return exchange.getProperty(COMPANY_ID, Long.class);
    }

    private static AddressCheck addressResolution(Exchange exchange) {
        return exchange.getProperty(ADDRESS_RESOLUTION, AddressCheck.class);
    }

    private static void call(Exchange exchange, AvataxCall<?> call) {
        exchange.setProperty(AvataxCallStep.CALL, call);
    }
}
