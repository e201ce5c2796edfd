package dev.taxbridge.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An AvaTax-shaped error answer: {@code {"error": {code, message, target, details[]}}} with its HTTP status. */
class SimulatorError extends RuntimeException {

    final int status;
    final ObjectNode body;

    SimulatorError(int status, String code, int number, String message, String description, String target,
            String faultCode, String refersTo) {
        super(code + ": " + message, null, false, false);
        this.status = status;
        this.body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("target", target);
        ObjectNode detail = error.putArray("details").addObject();
        detail.put("code", code);
        detail.put("number", number);
        detail.put("message", message);
        detail.put("description", description);
        detail.put("faultCode", faultCode);
        detail.put("helpLink", "https://developer.avalara.com/avatax/errors/" + code);
        if (refersTo != null) {
            detail.put("refersTo", refersTo);
        }
        detail.put("severity", "Error");
    }

    static SimulatorError authentication() {
        return new SimulatorError(401, "AuthenticationException", 34, "Authentication failed.",
                "Missing authentication or unable to authenticate the user or the account.", "HttpRequestHeaders",
                "Client", null);
    }

    static SimulatorError notFound(String what, String description) {
        return new SimulatorError(404, "EntityNotFoundError", 4, what + " not found.", description, "HttpRequest",
                "Client", null);
    }

    static SimulatorError badRequest(String code, String message, String refersTo) {
        return new SimulatorError(400, code, 300, message, message, "IncorrectData", "Client", refersTo);
    }

    static SimulatorError addressNotFound(int line) {
        return new SimulatorError(400, "GetTaxError", 300, "GetTax error",
                "The address could not be located: AddressLocationNotFound.", "IncorrectData", "Client",
                "Lines[" + (line - 1) + "].Addresses") {
            {
                ObjectNode second = ((com.fasterxml.jackson.databind.node.ArrayNode) body.path("error").path("details"))
                        .addObject();
                second.put("code", "AddressLocationNotFound");
                second.put("number", 308);
                second.put("message", "The address could not be located.");
                second.put("description", "The address is not deliverable or cannot be geocoded.");
                second.put("faultCode", "Client");
                second.put("refersTo", "Addresses");
                second.put("severity", "Error");
            }
        };
    }

    static SimulatorError lockedTransaction(String code) {
        return new SimulatorError(400, "CannotModifyLockedTransaction", 1300, "The transaction is locked.",
                "The transaction '" + code + "' has been locked by a filed return and cannot be modified.",
                "IncorrectData", "Client", null);
    }

    static SimulatorError alreadyCancelled(String code) {
        return new SimulatorError(400, "TransactionAlreadyCancelled", 198, "The transaction has already been cancelled.",
                "The transaction '" + code + "' is already in a 'Cancelled' status. There is nothing to be done.",
                "IncorrectData", "Client", null);
    }

    static SimulatorError server(int status) {
        return new SimulatorError(status, "ServerConfiguration", 1, "Internal server error.",
                "The simulator was told to fail this call.", "Unknown", "Server", null);
    }
}
