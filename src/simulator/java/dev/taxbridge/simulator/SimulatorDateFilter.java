package dev.taxbridge.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date conditions of a ListTransactionsByCompany {@code $filter}: {@code date <op> 'yyyy-MM-dd'}
 * (ge, gt, le, lt, eq) and {@code date between 'a' and 'b'}, all of which must hold; and
 * {@code <field> eq '<text>'} on the text fields {@link #TEXT_FIELDS} ({@code ''} is a quote). Other
 * conditions are not simulated (ignored). Without a date condition AvaTax looks at the last 30 days.
 */
final class SimulatorDateFilter {

    private static final Pattern BETWEEN = Pattern.compile("date\\s+between\\s+'([0-9-]{10})'\\s+and\\s+'([0-9-]{10})'",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPARE = Pattern.compile("date\\s+(ge|gt|le|lt|eq)\\s+'([0-9-]{10})'",
            Pattern.CASE_INSENSITIVE);

    static final List<String> TEXT_FIELDS = List.of("type", "referenceCode", "code", "status", "customerCode");
    private static final Pattern TEXT_EQ = Pattern.compile("\\b(" + String.join("|", TEXT_FIELDS)
            + ")\\s+eq\\s+'((?:[^']|'')*)'");

    private SimulatorDateFilter() {
    }

    /** The text-field conditions of the filter, all of which a document must meet. */
    static Predicate<com.fasterxml.jackson.databind.JsonNode> textConditions(String filter) {
        List<Predicate<com.fasterxml.jackson.databind.JsonNode>> conditions = new ArrayList<>();
        if (filter != null) {
            Matcher eq = TEXT_EQ.matcher(filter);
            while (eq.find()) {
                String field = eq.group(1);
                String value = eq.group(2).replace("''", "'");
                conditions.add(document -> value.equals(document.path(field).asText(null)));
            }
        }
        return document -> conditions.stream().allMatch(c -> c.test(document));
    }

    static Predicate<String> parse(String filter) {
        List<Predicate<LocalDate>> conditions = new ArrayList<>();
        if (filter != null) {
            Matcher between = BETWEEN.matcher(filter);
            while (between.find()) {
                LocalDate from = LocalDate.parse(between.group(1));
                LocalDate to = LocalDate.parse(between.group(2));
                conditions.add(d -> !d.isBefore(from) && !d.isAfter(to));
            }
            Matcher compare = COMPARE.matcher(BETWEEN.matcher(filter).replaceAll(""));
            while (compare.find()) {
                LocalDate bound = LocalDate.parse(compare.group(2));
                conditions.add(switch (compare.group(1).toLowerCase(java.util.Locale.ROOT)) {
                    case "ge" -> d -> !d.isBefore(bound);
                    case "gt" -> d -> d.isAfter(bound);
                    case "le" -> d -> !d.isAfter(bound);
                    case "lt" -> d -> d.isBefore(bound);
                    default -> d -> d.isEqual(bound);
                });
            }
        }
        if (conditions.isEmpty()) {
            LocalDate since = LocalDate.now().minusDays(30);
            conditions.add(d -> !d.isBefore(since));
        }
        return text -> {
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (java.time.format.DateTimeParseException noDate) {
                return false;
            }
            return conditions.stream().allMatch(c -> c.test(date));
        };
    }
}
