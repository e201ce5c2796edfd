package dev.taxbridge.avatax;

/** AvaTax's AddressLocationInfo, as sent in {@code addresses.shipFrom} / {@code addresses.shipTo}. */
public record AvataxAddress(String line1, String line2, String city, String region, String country, String postalCode) {
}
