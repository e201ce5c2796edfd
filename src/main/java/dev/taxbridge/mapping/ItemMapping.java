package dev.taxbridge.mapping;

/** One Lago item → Avalara tax code (and optionally item code) mapping. */
public record ItemMapping(String taxCode, String itemCode) {
}
