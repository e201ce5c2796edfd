package dev.taxbridge.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taxbridge.customer.CustomerModels.CustomerSyncCommand;
import dev.taxbridge.lago.LagoModels.Customer;
import dev.taxbridge.lago.LagoModels.IntegrationCustomer;
import dev.taxbridge.lago.LagoModels.Invoice;
import dev.taxbridge.lago.LagoModels.InvoiceCommand;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNote;
import dev.taxbridge.lifecycle.LifecycleModels.CreditNoteCommand;
import dev.taxbridge.lifecycle.LifecycleModels.FeeCommand;
import dev.taxbridge.lifecycle.LifecycleModels.ReversalCommand;

/**
 * What a parked command's failure events and {@code x-connection} are read from, when the command had
 * parsed: an outline of it in the shape of its body, holding only what those rules read
 * ({@code FailureEvents}, {@code ConnectionRegistry.codeNamedBy}): {@code connection}, {@code organization_id},
 * and per object ({@code invoice}, {@code credit_note}, {@code fee}, {@code customer},
 * {@code payment_dispute_lost.invoice}) its {@code lago_id}, {@code number} and customer ({@code lago_id},
 * {@code external_id}, {@code integration_customers[]} kinds and codes). The body is not parsed a second time;
 * one that did not parse is read leniently instead, as before.
 */
public final class ParsedCommands {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ParsedCommands() {
    }

    /** The outline of a parsed command, or null when there is none (not parsed, or a kind not listed here). */
    public static JsonNode outline(Object command) {
        if (command instanceof InvoiceCommand invoice) {
            ObjectNode body = envelope(invoice.connection(), invoice.organizationId());
            put(body, "invoice", invoice(invoice.invoice()));
            return body;
        }
        if (command instanceof ReversalCommand reversal) {
            ObjectNode body = envelope(reversal.connection(), reversal.organizationId());
            Invoice nested = reversal.paymentDisputeLost() == null ? null : reversal.paymentDisputeLost().invoice();
            // invoice() falls back to the payment_dispute_lost one; the body had it there only.
            boolean onlyNested = reversal.paymentDisputeLost() != null && reversal.invoice() == nested;
            put(body, "invoice", onlyNested ? null : invoice(reversal.invoice()));
            if (reversal.paymentDisputeLost() != null) {
                ObjectNode disputeLost = body.putObject("payment_dispute_lost");
                put(disputeLost, "invoice", invoice(nested));
            }
            return body;
        }
        if (command instanceof CreditNoteCommand note) {
            ObjectNode body = envelope(note.connection(), note.organizationId());
            CreditNote creditNote = note.creditNote();
            if (creditNote != null) {
                ObjectNode object = document(creditNote.lagoId(), creditNote.number());
                put(object, "customer", customer(creditNote.customer()));
                body.set("credit_note", object);
            }
            put(body, "invoice", invoice(note.invoice()));
            return body;
        }
        if (command instanceof FeeCommand fee) {
            ObjectNode body = envelope(fee.connection(), fee.organizationId());
            put(body, "fee", fee.fee() == null ? null : document(fee.fee().lagoId(), null));
            put(body, "customer", customer(fee.customer()));
            return body;
        }
        if (command instanceof CustomerSyncCommand sync) {
            ObjectNode body = envelope(sync.connection(), sync.organizationId());
            put(body, "customer", customer(sync.customer()));
            return body;
        }
        return null;
    }

    private static ObjectNode envelope(String connection, String organizationId) {
        ObjectNode body = JSON.objectNode();
        text(body, "connection", connection);
        text(body, "organization_id", organizationId);
        return body;
    }

    private static ObjectNode invoice(Invoice invoice) {
        if (invoice == null) {
            return null;
        }
        ObjectNode object = document(invoice.lagoId(), invoice.number());
        put(object, "customer", customer(invoice.customer()));
        return object;
    }

    private static ObjectNode document(String lagoId, String number) {
        ObjectNode object = JSON.objectNode();
        text(object, "lago_id", lagoId);
        text(object, "number", number);
        return object;
    }

    private static ObjectNode customer(Customer customer) {
        if (customer == null) {
            return null;
        }
        ObjectNode object = JSON.objectNode();
        text(object, "lago_id", customer.lagoId());
        text(object, "external_id", customer.externalId());
        if (customer.integrationCustomers() != null) {
            ArrayNode entries = object.putArray("integration_customers");
            for (IntegrationCustomer entry : customer.integrationCustomers()) {
                ObjectNode link = entries.addObject();
                if (entry != null) {
                    text(link, "type", entry.type());
                    text(link, "integration_type", entry.integrationType());
                    text(link, "integration_code", entry.integrationCode());
                }
            }
        }
        return object;
    }

    private static void put(ObjectNode parent, String name, ObjectNode child) {
        if (child != null) {
            parent.set(name, child);
        }
    }

    private static void text(ObjectNode parent, String name, String value) {
        if (value != null) {
            parent.put(name, value);
        }
    }
}
