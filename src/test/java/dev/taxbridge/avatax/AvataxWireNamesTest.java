package dev.taxbridge.avatax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taxbridge.avatax.AvataxModels.AddressValidationInfo;
import dev.taxbridge.avatax.AvataxModels.AvataxAddress;
import dev.taxbridge.avatax.AvataxModels.CustomerModel;
import dev.taxbridge.avatax.AvataxModels.CreateOrAdjustTransactionModel;
import dev.taxbridge.avatax.AvataxModels.CreateTransactionModel;
import dev.taxbridge.avatax.AvataxModels.VoidTransactionModel;
import dev.taxbridge.support.AvataxWireNames;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of every body the bridge sends to AvaTax is a field of AvaTax's own model, as Avalara's SDK
 * names it. Each record is filled completely (every component non-null, lists with one element), so a
 * field added to a record later is checked too.
 */
class AvataxWireNamesTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Stream<Arguments> requestBodies() {
        return Stream.of(
                Arguments.of(CreateTransactionModel.class, "CreateTransactionModel"),
                Arguments.of(CreateOrAdjustTransactionModel.class, "CreateOrAdjustTransactionModel"),
                Arguments.of(VoidTransactionModel.class, "VoidTransactionModel"),
                Arguments.of(CustomerModel.class, "CustomerModel"),
                Arguments.of(AddressValidationInfo.class, "AddressValidationInfo"));
    }

    @ParameterizedTest(name = "{0} sends only fields of AvaTax''s {1}")
    @MethodSource("requestBodies")
    void everyFieldTheBridgeSendsIsAFieldOfAvataxsModel(Class<?> record, String avataxModel) {
        JsonNode body = mapper.valueToTree(filled(record));

        assertThat(body.size()).as("every component serialized").isEqualTo(record.getRecordComponents().length);
        assertThat(AvataxWireNames.unknownFields(body, avataxModel)).isEmpty();
    }

    @Test
    void aMisspelledFieldIsCaught() {
        JsonNode body = mapper.valueToTree(new CreateTransactionModel("SalesInvoice", "c", null, null, null, null,
                null, null, null, null, null, null, null, null));
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("bussinessIdentificationNo", "x");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).putObject("addresses").putObject("shipTo")
                .put("zip", "98110");

        assertThat(AvataxWireNames.unknownFields(body, "CreateTransactionModel")).containsExactlyInAnyOrder(
                "CreateTransactionModel: bussinessIdentificationNo", "AddressLocationInfo: addresses.shipTo.zip");
    }

    @Test
    void theAddressSentIsAnAddressLocationInfo() {
        JsonNode address = mapper.valueToTree(filled(AvataxAddress.class));

        assertThat(AvataxWireNames.unknownFields(address, "AddressLocationInfo")).isEmpty();
    }

    /** An instance whose every component is set, recursively. */
    static Object filled(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getType(), components[i].getGenericType());
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Class<?> type, Type generic) {
        if (type == String.class) {
            return "x";
        }
        if (type == BigDecimal.class) {
            return BigDecimal.ONE;
        }
        if (type == Long.class || type == long.class) {
            return 1L;
        }
        if (type == Integer.class || type == int.class) {
            return 1;
        }
        if (type == Boolean.class || type == boolean.class) {
            return true;
        }
        if (type == LocalDate.class) {
            return LocalDate.of(2026, 1, 31);
        }
        if (type == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            return List.of(value((Class<?>) element, element));
        }
        if (type.isRecord()) {
            return filled(type);
        }
        throw new IllegalArgumentException("no sample value for " + type);
    }
}
