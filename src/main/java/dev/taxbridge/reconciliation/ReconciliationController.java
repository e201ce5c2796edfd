package dev.taxbridge.reconciliation;

import dev.taxbridge.admin.AdminTokenGuard;
import dev.taxbridge.avatax.AvataxClient;
import dev.taxbridge.avatax.ConnectionRegistry;
import dev.taxbridge.error.TaxBridgeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /admin/reconciliation?connection=&from=&to=} (admin token): see docs/operations.md. */
@RestController
public class ReconciliationController {

    private final AdminTokenGuard guard;
    private final ConnectionRegistry connections;
    private final Reconciliation reconciliation;

    public ReconciliationController(AdminTokenGuard guard, ConnectionRegistry connections,
            Reconciliation reconciliation) {
        this.guard = guard;
        this.connections = connections;
        this.reconciliation = reconciliation;
    }

    @GetMapping("/admin/reconciliation")
    public Reconciliation.Report reconcile(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestParam String connection, @RequestParam String from, @RequestParam String to) {
        guard.check(auth);
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (end.isBefore(start)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'to' is before 'from'");
        }
        AvataxClient avatax;
        try {
            avatax = connections.client(connection);
        } catch (TaxBridgeException unknown) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, unknown.getMessage());
        }
        try {
            return reconciliation.run(avatax, start, end);
        } catch (TaxBridgeException avataxFailed) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "AvaTax: " + avataxFailed.errorCode().code()
                    + ": " + avataxFailed.getMessage());
        } catch (Reconciliation.AuditUnavailable auditFailed) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "audit trail: " + auditFailed.getMessage());
        }
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException bad) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + name + "' must be a date (yyyy-MM-dd)");
        }
    }
}
