package dev.taxbridge.avatax;

import java.util.Locale;

/**
 * What a connection does with a customer's address at customer sync ({@code tax.addresses.resolve}, per
 * connection {@code avatax.connections.<code>.resolve-addresses}): nothing, resolve it and warn when AvaTax
 * cannot place it, or resolve it and refuse the customer when AvaTax cannot place it.
 */
public enum AddressResolution {
    OFF, WARN, REQUIRE;

    /**
     * The setting's value; YAML reads a bare {@code off} as the boolean false, so {@code false} is OFF too.
     *
     * @throws IllegalStateException for any other value (the bridge does not start)
     */
    public static AddressResolution parse(String value, String setting) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if ("FALSE".equals(name)) {
            return OFF;
        }
        for (AddressResolution mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalStateException(setting + " is '" + value + "'; it takes off, warn or require");
    }
}
