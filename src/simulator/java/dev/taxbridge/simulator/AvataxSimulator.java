package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The embedded AvaTax REST v2 simulator (local profile only): the calls the bridge makes, answered
 * with AvaTax's shapes, statuses and error codes, a document store so createoradjust, commit and void
 * behave as in AvaTax, a journal of what it received, and faults it can be told to produce.
 */
@RestController
@RequestMapping("/avatax-sim")
@ConditionalOnProperty(name = "avatax.simulator.enabled", havingValue = "true")
public class AvataxSimulator {

    private static final String API = "/api/v2";

    private final ObjectMapper mapper;
    private final SimulatorProperties properties;
    private final SimulatorCalculator calculator;
    private final SimulatorAddresses addresses;
    private final SimulatorDocuments documents = new SimulatorDocuments();
    private final SimulatorJournal journal = new SimulatorJournal();
    private final SimulatorFaults faults = new SimulatorFaults();
    private final SimulatorCustomers customers = new SimulatorCustomers();
    private final AtomicLong ids = new AtomicLong(1_000_000);

    public AvataxSimulator(ObjectMapper mapper, SimulatorProperties properties, ResourceLoader resources)
            throws IOException {
        this.mapper = mapper;
        this.properties = properties;
        SimulatorRates rates = SimulatorRates.load(resources, properties.ratesFile());
        this.calculator = new SimulatorCalculator(mapper, rates, properties.exemptCustomers());
        this.addresses = new SimulatorAddresses(mapper, rates);
    }

    public SimulatorDocuments documents() {
        return documents;
    }

    public SimulatorJournal journal() {
        return journal;
    }

    public SimulatorFaults faults() {
        return faults;
    }

    public SimulatorCustomers customers() {
        return customers;
    }

    // ---- AvaTax API ----

    @GetMapping(API + "/utilities/ping")
    public ResponseEntity<JsonNode> ping(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        String account = accountOf(auth);
        boolean authenticated = authenticated(auth);
        return handle("GET", API + "/utilities/ping", auth, null, null, false, () -> {
            ObjectNode ping = mapper.createObjectNode();
            ping.put("version", "simulator");
            ping.put("authenticated", authenticated);
            ping.put("authenticationType", authenticated ? "AccountIdLicenseKey" : "None");
            if (authenticated) {
                ping.put("authenticatedAccountId", Long.parseLong(account));
            }
            return ResponseEntity.ok(ping);
        });
    }

    @PostMapping(API + "/transactions/create")
    public ResponseEntity<JsonNode> create(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody(required = false) String body) {
        JsonNode model = parse(body);
        return handle("POST", API + "/transactions/create", auth, model, code(model), true,
                () -> ResponseEntity.ok(record(model, false)));
    }

    @PostMapping(API + "/transactions/createoradjust")
    public ResponseEntity<JsonNode> createOrAdjust(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody(required = false) String body) {
        JsonNode request = parse(body);
        JsonNode model = request.path("createTransactionModel");
        return handle("POST", API + "/transactions/createoradjust", auth, request, code(model), true,
                () -> ResponseEntity.ok(record(model, true)));
    }

    @PostMapping(API + "/addresses/resolve")
    public ResponseEntity<JsonNode> resolveAddress(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody(required = false) String body) {
        JsonNode address = parse(body);
        return handle("POST", API + "/addresses/resolve", auth, address, null, true,
                () -> ResponseEntity.ok(addresses.resolve(address)));
    }

    @PostMapping(API + "/companies/{companyCode}/transactions/{code}/void")
    public ResponseEntity<JsonNode> voidTransaction(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String companyCode, @PathVariable("code") String encodedCode,
            @RequestParam(defaultValue = "SalesInvoice") String documentType,
            @RequestBody(required = false) String body) {
        JsonNode request = parse(body);
        String code = decodeCode(encodedCode);
        String path = API + "/companies/" + companyCode + "/transactions/" + code + "/void";
        return handle("POST", path, auth, request, code, true, () -> {
            company(companyCode);
            synchronized (documents) {
                ObjectNode document = documents.get(companyCode, code, documentType);
                if (document == null) {
                    throw SimulatorError.notFound("Transaction", "The transaction '" + code + "' of type "
                            + documentType + " was not found in company " + companyCode + ".");
                }
                if (document.path("locked").asBoolean()) {
                    throw SimulatorError.lockedTransaction(code);
                }
                if ("Cancelled".equals(document.path("status").asText())) {
                    throw SimulatorError.alreadyCancelled(code);
                }
                document.put("status", "Cancelled");
                document.put("modifiedDate", Instant.now().toString());
                return ResponseEntity.ok(document.deepCopy());
            }
        });
    }

    @GetMapping(API + "/companies/{companyCode}/transactions/{code}")
    public ResponseEntity<JsonNode> getTransaction(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String companyCode, @PathVariable("code") String encodedCode,
            @RequestParam(defaultValue = "SalesInvoice") String documentType) {
        String code = decodeCode(encodedCode);
        String path = API + "/companies/" + companyCode + "/transactions/" + code;
        return handle("GET", path, auth, null, code, false, () -> {
            company(companyCode);
            ObjectNode document = documents.get(companyCode, code, documentType);
            if (document == null) {
                throw SimulatorError.notFound("Transaction", "The transaction '" + code + "' was not found.");
            }
            return ResponseEntity.ok(document.deepCopy());
        });
    }

    /**
     * ListTransactionsByCompany: the company's recorded documents whose {@code date} passes the
     * {@code $filter}'s date conditions ({@code date ge|gt|le|lt|eq 'yyyy-MM-dd'} joined by {@code and},
     * or {@code date between 'a' and 'b'}; no date condition: the last 30 days, as AvaTax) and whose
     * {@code type}, {@code referenceCode}, {@code code}, {@code status}, {@code customerCode} equal the
     * filter's {@code eq} conditions on them, with their lines, a page of
     * {@code $top} (at most {@code avatax.simulator.list-page-size}) from {@code $skip}, and
     * {@code @nextLink} while more remain.
     */
    @GetMapping(API + "/companies/{companyCode}/transactions")
    public ResponseEntity<JsonNode> listTransactions(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String companyCode, @RequestParam(name = "$filter", required = false) String filter,
            @RequestParam(name = "$top", defaultValue = "0") int top,
            @RequestParam(name = "$skip", defaultValue = "0") int skip) {
        String path = API + "/companies/" + companyCode + "/transactions" + (filter == null ? "" : "?$filter=" + filter);
        return handle("GET", path, auth, null, null, true, () -> {
            company(companyCode);
            java.util.function.Predicate<String> dates = SimulatorDateFilter.parse(filter);
            java.util.function.Predicate<JsonNode> fields = SimulatorDateFilter.textConditions(filter);
            List<ObjectNode> matching = documents.inCompany(companyCode).stream()
                    .filter(d -> dates.test(d.path("date").asText()) && fields.test(d)).toList();
            int size = top > 0 ? Math.min(top, properties.listPageSize()) : properties.listPageSize();
            int end = Math.min(matching.size(), skip + size);
            ObjectNode result = mapper.createObjectNode();
            result.put("@recordsetCount", matching.size());
            var value = result.putArray("value");
            matching.subList(Math.min(skip, end), end).forEach(d -> value.add(d.deepCopy()));
            if (end < matching.size()) {
                result.put("@nextLink", API + "/companies/" + companyCode + "/transactions?"
                        + (filter == null ? "" : "$filter=" + UriUtils.encodeQueryParam(filter, StandardCharsets.UTF_8) + "&")
                        + "$top=" + size + "&$skip=" + end);
            }
            return ResponseEntity.ok(result);
        });
    }

    @GetMapping(API + "/companies")
    public ResponseEntity<JsonNode> companies(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestParam(name = "$filter", required = false) String filter) {
        String path = API + "/companies" + (filter == null ? "" : "?$filter=" + filter);
        return handle("GET", path, auth, null, null, true, () -> {
            ObjectNode result = mapper.createObjectNode();
            var value = result.putArray("value");
            properties.companies().forEach((code, id) -> {
                if (filter == null || filter.contains("'" + code + "'")) {
                    ObjectNode company = value.addObject();
                    company.put("id", id);
                    company.put("companyCode", code);
                    company.put("name", code + " (simulated)");
                    company.put("isActive", true);
                }
            });
            result.put("@recordsetCount", value.size());
            return ResponseEntity.ok(result);
        });
    }

    @PostMapping(API + "/companies/{companyId}/customers")
    public ResponseEntity<JsonNode> createCustomers(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable long companyId, @RequestBody(required = false) String body) {
        JsonNode request = parse(body);
        String code = request.isArray() && request.size() == 1 ? code(request.get(0), "customerCode") : null;
        return handle("POST", API + "/companies/" + companyId + "/customers", auth, request, code, true, () -> {
            companyById(companyId);
            if (!request.isArray() || request.isEmpty()) {
                throw SimulatorError.badRequest("ValueRequiredError", "A list of customers is required.", "model");
            }
            var created = mapper.createArrayNode();
            synchronized (customers) {
                for (JsonNode model : request) {
                    ObjectNode customer = customerRecord(companyId, model, null);
                    if (customers.get(companyId, customer.path("customerCode").asText()) != null) {
                        throw SimulatorError.badRequest("DuplicateEntry", "A customer with code '"
                                + customer.path("customerCode").asText() + "' already exists.", "customerCode");
                    }
                    customers.put(companyId, customer);
                    created.add(customer.deepCopy());
                }
            }
            return ResponseEntity.status(201).body(created);
        });
    }

    @GetMapping(API + "/companies/{companyId}/customers/{customerCode}")
    public ResponseEntity<JsonNode> getCustomer(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable long companyId, @PathVariable("customerCode") String encodedCode) {
        String customerCode = decodeCode(encodedCode);
        String path = API + "/companies/" + companyId + "/customers/" + customerCode;
        return handle("GET", path, auth, null, customerCode, true, () -> {
            companyById(companyId);
            ObjectNode customer = customers.get(companyId, customerCode);
            if (customer == null) {
                throw SimulatorError.notFound("Customer", "The customer '" + customerCode + "' does not exist.");
            }
            return ResponseEntity.ok(customer.deepCopy());
        });
    }

    @PutMapping(API + "/companies/{companyId}/customers/{customerCode}")
    public ResponseEntity<JsonNode> updateCustomer(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable long companyId, @PathVariable("customerCode") String encodedCode,
            @RequestBody(required = false) String body) {
        String customerCode = decodeCode(encodedCode);
        JsonNode model = parse(body);
        String path = API + "/companies/" + companyId + "/customers/" + customerCode;
        return handle("PUT", path, auth, model, customerCode, true, () -> {
            companyById(companyId);
            synchronized (customers) {
                ObjectNode existing = customers.get(companyId, customerCode);
                if (existing == null) {
                    throw SimulatorError.notFound("Customer", "The customer '" + customerCode + "' does not exist.");
                }
                ObjectNode customer = customerRecord(companyId, model, existing);
                if (!customerCode.equals(customer.path("customerCode").asText())) {
                    throw SimulatorError.badRequest("CannotChangeCustomerCode",
                            "The customer code in the body must match the URL.", "customerCode");
                }
                customers.put(companyId, customer);
                return ResponseEntity.ok(customer.deepCopy());
            }
        });
    }

    // ---- Simulator control (not AvaTax): journal, faults, document locks ----

    @GetMapping("/_journal")
    public Object journal(@RequestParam(required = false) String code) {
        return code == null ? journal.calls(call -> true) : journal.forDocument(code);
    }

    @DeleteMapping("/_journal")
    public ResponseEntity<Void> clearJournal() {
        journal.clear();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/_faults")
    public ResponseEntity<Void> addFault(@RequestBody SimulatorFaults.Fault fault) {
        faults.add(fault);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/_faults")
    public ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/_documents/{companyCode}/{code}/lock")
    public ResponseEntity<Void> lock(@PathVariable String companyCode, @PathVariable String code,
            @RequestParam(defaultValue = "SalesInvoice") String documentType) {
        documents.lock(companyCode, code, documentType);
        return ResponseEntity.noContent().build();
    }

    /**
     * Edits a recorded document as a user would in the AvaTax console: the fields given
     * ({@code totalTax}, {@code status}, {@code date}) replace the stored ones, and the version goes up.
     */
    @PostMapping("/_documents/{companyCode}/{code}/edit")
    public ResponseEntity<JsonNode> edit(@PathVariable String companyCode, @PathVariable String code,
            @RequestParam(defaultValue = "SalesInvoice") String documentType, @RequestBody JsonNode changes) {
        synchronized (documents) {
            ObjectNode document = documents.get(companyCode, code, documentType);
            if (document == null) {
                return ResponseEntity.notFound().build();
            }
            for (String field : new String[] {"totalTax", "status", "date"}) {
                if (changes.has(field)) {
                    document.set(field, changes.get(field));
                }
            }
            document.put("version", document.path("version").asInt(1) + 1);
            document.put("modifiedDate", Instant.now().toString());
            return ResponseEntity.ok(document.deepCopy());
        }
    }

    // ---- the shared handling of every AvaTax call ----

    private ResponseEntity<JsonNode> handle(String method, String path, String auth, JsonNode body, String documentCode,
            boolean requiresAuth, Supplier<ResponseEntity<JsonNode>> action) {
        String account = accountOf(auth);
        ResponseEntity<JsonNode> response;
        try {
            SimulatorFaults.Fault fault = faults.take(path, documentCode, account);
            if (fault != null && fault.delayMillis() != null) {
                Thread.sleep(fault.delayMillis());
            }
            if (fault != null && fault.status() != null) {
                throw Boolean.TRUE.equals(fault.echoRequest()) ? echo(fault.status(), auth) : fault(fault);
            }
            if (requiresAuth && !authenticated(auth)) {
                throw SimulatorError.authentication();
            }
            response = action.get();
        } catch (SimulatorError error) {
            HttpHeaders headers = new HttpHeaders();
            if (error.status == 429) {
                headers.set(HttpHeaders.RETRY_AFTER, retryAfterOf(error));
            }
            response = ResponseEntity.status(error.status).headers(headers).body(error.body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = ResponseEntity.status(503).body(SimulatorError.server(503).body);
        }
        journal.record(new SimulatorJournal.Call(Instant.now(), method, path, account, documentCode, body,
                response.getStatusCode().value()));
        return response;
    }

    private static SimulatorError fault(SimulatorFaults.Fault fault) {
        return switch (fault.status()) {
            case 401 -> SimulatorError.authentication();
            case 429 -> new RateLimited(fault.retryAfterSeconds() == null ? 1 : fault.retryAfterSeconds());
            default -> fault.status() >= 500 ? SimulatorError.server(fault.status())
                    : SimulatorError.badRequest("InvalidParameterValue", "The simulator was told to refuse this call.",
                            null);
        };
    }

    /** An error whose message echoes the Authorization header and the decoded credentials. */
    private static SimulatorError echo(int status, String authorization) {
        String[] pair = credentials(authorization);
        String echoed = "Request rejected. Authorization: " + authorization + " (account " + (pair == null ? "?"
                : pair[0]) + ", license key " + (pair == null ? "?" : pair[1]) + ")";
        return new SimulatorError(status, status == 401 ? "AuthenticationException" : "ServerConfiguration", 1, echoed,
                echoed, "HttpRequestHeaders", status >= 500 ? "Server" : "Client", null);
    }

    private static String retryAfterOf(SimulatorError error) {
        return error instanceof RateLimited limited ? String.valueOf(limited.retryAfterSeconds) : "1";
    }

    /** A 429 carrying the Retry-After seconds it was armed with. */
    private static final class RateLimited extends SimulatorError {
        final int retryAfterSeconds;

        RateLimited(int retryAfterSeconds) {
            super(429, "RateLimitExceeded", 2000, "Too many requests.", "The account exceeded its request rate.",
                    "HttpRequest", "Client", null);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** create / createoradjust: tax the model; record it unless it is an order (estimate) type. */
    private ObjectNode record(JsonNode model, boolean adjustExisting) {
        if (model == null || model.isMissingNode() || !model.isObject()) {
            throw SimulatorError.badRequest("ValueRequiredError", "The request has no transaction model.", null);
        }
        String companyCode = model.path("companyCode").asText("DEFAULT");
        long companyId = company(companyCode);
        String type = model.path("type").asText("SalesOrder");
        boolean estimate = type.endsWith("Order");
        if (estimate) {
            return calculator.calculate(model, ids.incrementAndGet(), companyId, "Temporary");
        }
        String code = model.path("code").asText(null);
        if (code == null) {
            throw SimulatorError.badRequest("ValueRequiredError", "A recorded transaction needs a code.", "code");
        }
        synchronized (documents) {
            ObjectNode existing = documents.get(companyCode, code, type);
            if (existing != null) {
                if (existing.path("locked").asBoolean()) {
                    throw SimulatorError.lockedTransaction(code);
                }
                if (!adjustExisting) {
                    throw SimulatorError.badRequest("DuplicateEntry",
                            "A transaction with code '" + code + "' already exists.", "code");
                }
            }
            String status = model.path("commit").asBoolean(false) ? "Committed" : "Saved";
            ObjectNode document = calculator.calculate(model, ids.incrementAndGet(), companyId, status);
            int version = existing == null ? 1 : existing.path("version").asInt(1) + 1;
            document.put("version", version);
            if (existing != null) {
                document.put("adjustmentReason", "Other");
            }
            documents.put(companyCode, document);
            return document.deepCopy();
        }
    }

    private long company(String companyCode) {
        Long id = properties.companies().get(companyCode);
        if (id == null) {
            throw SimulatorError.notFound("Company", "The company with code '" + companyCode + "' was not found.");
        }
        return id;
    }

    private boolean authenticated(String authorization) {
        String[] pair = credentials(authorization);
        return pair != null && pair[0].equals(properties.accountId()) && pair[1].equals(properties.licenseKey());
    }

    private static String accountOf(String authorization) {
        String[] pair = credentials(authorization);
        return pair == null ? null : pair[0];
    }

    private static String[] credentials(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(body);
        }
    }

    private static String code(JsonNode model) {
        return code(model, "code");
    }

    private static String code(JsonNode model, String field) {
        JsonNode code = model == null ? null : model.get(field);
        return code == null || code.isNull() ? null : code.asText();
    }

    /** AvaTax's escapes for characters a code may hold but a URL segment may not. */
    static String decodeCode(String code) {
        return code.replace("_-ava2f-_", "/").replace("_-ava2b-_", "+").replace("_-ava3f-_", "?")
                .replace("_-ava23-_", "#").replace("_-ava25-_", "%");
    }

    private void companyById(long companyId) {
        if (!properties.companies().containsValue(companyId)) {
            throw SimulatorError.notFound("Company", "The company with id " + companyId + " was not found.");
        }
    }

    /** A CustomerModel as AvaTax stores it: the required fields checked, ids and dates set. */
    private ObjectNode customerRecord(long companyId, JsonNode model, ObjectNode existing) {
        if (model == null || !model.isObject()) {
            throw SimulatorError.badRequest("ValueRequiredError", "The request has no customer model.", "model");
        }
        for (String field : new String[] {"customerCode", "name", "line1", "postalCode", "country"}) {
            if (!model.hasNonNull(field) || model.get(field).asText().isBlank()) {
                throw SimulatorError.badRequest("ValueRequiredError", "The field '" + field + "' is required.", field);
            }
        }
        ObjectNode customer = model.deepCopy();
        String now = Instant.now().toString();
        customer.put("id", existing == null ? ids.incrementAndGet() : existing.path("id").asLong());
        customer.put("companyId", companyId);
        customer.put("createdDate", existing == null ? now : existing.path("createdDate").asText());
        customer.put("modifiedDate", now);
        return customer;
    }
}
