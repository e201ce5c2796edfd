package dev.taxbridge.messaging;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.autoconfigure.amqp.RabbitConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * A connection of its own, outside the shared {@link CachingConnectionFactory} (a stream reader that
 * must not hold the shared connection's dispatch), to any node of {@code spring.rabbitmq.addresses}.
 * The client factory under Spring's carries only the first address (Spring Boot sets its host and port
 * from it); opening a connection on it alone would fail whenever that one node is down.
 */
@Component
public class BrokerConnections {

    private final CachingConnectionFactory factory;
    private final List<Address> addresses;

    public BrokerConnections(CachingConnectionFactory factory, RabbitConnectionDetails details) {
        this.factory = factory;
        this.addresses = details.getAddresses().stream().map(a -> new Address(a.host(), a.port())).toList();
    }

    /** Opens a new connection, trying the nodes in the order configured. */
    public Connection open(String name) throws IOException, TimeoutException {
        return factory.getRabbitConnectionFactory().newConnection(addresses, name);
    }

    public List<Address> addresses() {
        return addresses;
    }
}
