package dev.taxbridge.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures the simulator is told to produce: an HTTP status (401, 429 with Retry-After, 500, ...)
 * and/or a delay, for calls matching a path fragment, a document code, or a connection's account id,
 * a given number of times (or until cleared).
 */
public class SimulatorFaults {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code echoRequest}: the error message repeats the request's credentials, as a careless server might. */
    public record Fault(Integer status, Integer retryAfterSeconds, Integer delayMillis, Integer times,
            String pathContains, String documentCode, String accountId, Boolean echoRequest) {
    }

    record Armed(Fault fault, AtomicInteger remaining) {
    }

    private final List<Armed> faults = new CopyOnWriteArrayList<>();

    public void add(Fault fault) {
        int times = fault.times() == null ? -1 : fault.times();
        faults.add(new Armed(fault, new AtomicInteger(times)));
    }

    public void clear() {
        faults.clear();
    }

    /** The first armed fault matching the call, consuming one of its uses; null when none applies. */
    Fault take(String path, String documentCode, String accountId) {
        for (Armed armed : faults) {
            Fault f = armed.fault();
            if ((f.pathContains() == null || path.contains(f.pathContains()))
                    && (f.documentCode() == null || f.documentCode().equals(documentCode))
                    && (f.accountId() == null || f.accountId().equals(accountId))) {
                int left = armed.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n);
                if (left == 0) {
                    continue;
                }
                if (left == 1) {
                    faults.remove(armed);
                }
                return f;
            }
        }
        return null;
    }
}
