package dev.taxbridge.avatax;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;

/**
 * One call to an AvaTax endpoint, described before it is made: its operation, method, path, the request
 * body (null for GET), the document it is about (for the audit trail; null when it is about none) and the
 * type AvaTax's answer is read as. It names no connection: whoever makes it asks {@link ConnectionRegistry}
 * for the connection's {@link AvataxClient} and hands it the call. {@link AvataxEndpoints} writes every
 * one. {@code operation} names the call in failures and metrics (create, createoradjust, void, ...).
 */
public record AvataxCall<T>(String operation, String method, String path, Object body, Document document,
        JavaType answerType) {

    /** The document a call is about, as far as the request names it: code, type, date (each may be null). */
    public record Document(String code, String type, String date) {
        static final Document NONE = new Document(null, null, null);
    }

    static <T> AvataxCall<T> post(String operation, String path, Object body, Document document, Class<T> answer) {
        return new AvataxCall<>(operation, "POST", path, body, document, type(answer));
    }

    static <T> AvataxCall<T> get(String operation, String path, Document document, JavaType answer) {
        return new AvataxCall<>(operation, "GET", path, null, document, answer);
    }

    static JavaType type(Class<?> answer) {
        return TypeFactory.defaultInstance().constructType(answer);
    }

    /** Short, and without the body: Camel and log lines may print it (a body carries customer data). */
    @Override
    public String toString() {
        return "AvataxCall[" + method + " " + path + "]";
    }
}
