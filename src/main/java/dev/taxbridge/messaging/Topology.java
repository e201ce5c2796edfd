package dev.taxbridge.messaging;

/** The broker names of the product contract (SPEC section 1). */
public final class Topology {

    public static final String COMMANDS_EXCHANGE = "tax.commands";
    public static final String EVENTS_EXCHANGE = "tax.events";
    public static final String INVOICES = "tax.invoices";
    public static final String CUSTOMERS = "tax.customers";
    public static final String ESTIMATES = "tax.estimates";
    public static final String WEBHOOKS = "tax.webhooks";
    public static final String DLQ_SUFFIX = ".dlq";
    /** The bridge's own: commands waiting out an AvaTax outage go in here, with their routing key... */
    public static final String WAIT_EXCHANGE = "tax.wait";
    /** ...and come back out through here into their work queue, without passing tax.commands again. */
    public static final String RESUME_EXCHANGE = "tax.resume";
    public static final String WAIT_SUFFIX = ".wait";

    private Topology() {
    }

    public static String dlq(String queue) {
        return queue + DLQ_SUFFIX;
    }

    public static String waitQueue(String queue) {
        return queue + WAIT_SUFFIX;
    }
}
