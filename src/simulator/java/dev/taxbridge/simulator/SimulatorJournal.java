package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The calls the simulator received, newest last, bounded: what AvaTax would have been sent. */
public class SimulatorJournal {

    private static final int CAPACITY = 20_000;

    public record Call(Instant at, String method, String path, String accountId, String documentCode, JsonNode body,
            int status) {
    }

    private final Deque<Call> calls = new ArrayDeque<>();

    synchronized void record(Call call) {
        if (calls.size() == CAPACITY) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    public synchronized List<Call> calls(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    public List<Call> forDocument(String code) {
        return calls(call -> code.equals(call.documentCode()));
    }

    public synchronized void clear() {
        calls.clear();
    }
}
