package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The customer records the simulator keeps, by company id and customer code, as AvaTax keeps them. */
public class SimulatorCustomers {

    record Key(long companyId, String customerCode) {
    }

    private final Map<Key, ObjectNode> customers = new ConcurrentHashMap<>();

    public ObjectNode get(long companyId, String customerCode) {
        return customers.get(new Key(companyId, customerCode));
    }

    void put(long companyId, ObjectNode customer) {
        customers.put(new Key(companyId, customer.path("customerCode").asText()), customer);
    }
}
