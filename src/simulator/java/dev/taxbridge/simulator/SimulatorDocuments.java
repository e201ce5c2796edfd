package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The documents the simulator recorded, by company, code and type, as AvaTax keeps them. */
public class SimulatorDocuments {

    public record Key(String companyCode, String code, String type) {
    }

    private final Map<Key, ObjectNode> documents = new ConcurrentHashMap<>();

    public ObjectNode get(String companyCode, String code, String type) {
        return documents.get(new Key(companyCode, code, type));
    }

    void put(String companyCode, ObjectNode document) {
        documents.put(new Key(companyCode, document.path("code").asText(), document.path("type").asText()), document);
    }

    /** Every recorded document with this code, whatever its type. */
    public List<ObjectNode> withCode(String companyCode, String code) {
        return documents.entrySet().stream()
                .filter(e -> e.getKey().companyCode().equals(companyCode) && e.getKey().code().equals(code))
                .map(Map.Entry::getValue).toList();
    }

    /** Every recorded document of a company, oldest date first (then by code, type: a stable page order). */
    public List<ObjectNode> inCompany(String companyCode) {
        return documents.entrySet().stream().filter(e -> e.getKey().companyCode().equals(companyCode))
                .map(Map.Entry::getValue)
                .sorted(java.util.Comparator.comparing((ObjectNode d) -> d.path("date").asText())
                        .thenComparing(d -> d.path("code").asText()).thenComparing(d -> d.path("type").asText()))
                .toList();
    }

    public void lock(String companyCode, String code, String type) {
        ObjectNode document = get(companyCode, code, type);
        if (document != null) {
            document.put("locked", true);
        }
    }
}
