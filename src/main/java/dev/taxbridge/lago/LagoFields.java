package dev.taxbridge.lago;

import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;

/** How the bridge reads one field of a Lago object: required, or blank taken as absent. */
public final class LagoFields {

    private LagoFields() {
    }

    /** Fails with {@code invalid_message} naming the field when a required value is absent. */
    public static <T> T require(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "required field '" + field + "' is missing");
        }
        return value;
    }

    /** Lago writes an absent text as {@code ""}; AvaTax wants it left out. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
