package dev.taxbridge.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.taxbridge.error.ErrorCode;
import dev.taxbridge.error.TaxBridgeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** Reads a command body into its record; anything that is not the expected JSON is {@code invalid_message}. */
@Component
public class CommandReader {

    private final ObjectMapper mapper;
    /** One reader per command type, built once: readerFor is not free on every message. */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };

    public CommandReader(ObjectMapper mapper) {
        // A number where a text is expected, or a fraction where a whole number of cents is, is bad input.
        this.mapper = mapper.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the message body is empty");
        }
        requireUtf8(body);
        ObjectReader reader = readers.get(type);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the message body is JSON null");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE,
                    "field '" + path(e) + "' has the wrong type: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the message body is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage()
                    : e.getMessage()));
        }
    }

    /**
     * JSON is UTF-8 (RFC 8259); Jackson lets some malformed sequences through inside strings (they would
     * reach AvaTax and the events as replacement characters), so the bytes are checked first.
     */
    static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new TaxBridgeException(ErrorCode.INVALID_MESSAGE, "the message body is not valid UTF-8");
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(root)" : path.toString();
    }
}
