package dev.taxbridge.avatax;

/**
 * One call to AvaTax: which connection, which operation, and the request body (null for GET).
 * {@code operation} names the call in failures and metrics (create, createoradjust, void, ...).
 */
public record AvataxCall(AvataxConnection connection, String operation, String method, String path, Object body) {

    public static AvataxCall post(AvataxConnection connection, String operation, String path, Object body) {
        return new AvataxCall(connection, operation, "POST", path, body);
    }

    /** Short, and without the body: Camel and log lines may print it (a body carries customer data). */
    @Override
    public String toString() {
        return "AvataxCall[" + method + " " + path + " on " + (connection == null ? null : connection.code()) + "]";
    }

    public static AvataxCall get(AvataxConnection connection, String operation, String path) {
        return new AvataxCall(connection, operation, "GET", path, null);
    }
}
