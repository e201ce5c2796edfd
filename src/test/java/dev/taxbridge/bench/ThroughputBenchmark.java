package dev.taxbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the throughput benchmark (docs/performance.md). Its name matches none of
 * Surefire's patterns, so {@code mvn verify} never runs it; {@code bench/run} does, after packaging the
 * jar. In one run, on the same broker and the same AvaTax stand-in ({@link AvataxStandIn}), it measures
 * three subjects with N realistic 5-fee {@code invoice.finalized} commands each:
 * <ol>
 * <li>bare relay: consume a quorum queue, publish a same-size outcome with confirms, ack on confirm;</li>
 * <li>hand-written bridge: the relay plus one JDK HttpClient POST to the stand-in per message, with as
 * many calls in flight as the bridge allows by default;</li>
 * <li>the bridge: the packaged jar started as its own process ({@code -Xmx256m} unless told otherwise)
 * with its default settings, the default connection pointed at the stand-in.</li>
 * </ol>
 * With {@code bench.cluster-addresses} (a three-node cluster, bench/cluster/cluster.sh) the same run then
 * measures the bridge on that cluster with 1, 2 and 3 instances ({@code bench.cluster-instances}), each
 * connected to all nodes, the first address a different node per instance; the benchmark publishes to and
 * counts on the cluster. "the bridge" above is then the one-node reference.
 * Throughput is first publish to last outcome event; latency is per command, from the moment the
 * subject took it off its queue ({@code x-received-at}) to the outcome's arrival at the benchmark's
 * subscriber (after the broker confirmed it). Each subject gets a warm-up batch first, not counted.
 */
class ThroughputBenchmark {

    private static final String OUTCOMES = "bench.outcomes";
    private static final String OUT_EXCHANGE = "bench.out";

    private final int invoices = Integer.getInteger("bench.invoices", 20_000);
    private final int warmup = Integer.getInteger("bench.warmup", 2_000);
    private final long latencyMillis = Long.getLong("bench.latency-ms", 0);
    private final int inFlight = Integer.getInteger("bench.in-flight", 64);
    private final boolean baselines = Boolean.parseBoolean(System.getProperty("bench.baselines", "true"));
    private final String vhost = System.getProperty("bench.vhost", "/");
    private final int bridgePort = Integer.getInteger("bench.bridge-port", 18489);
    private final String bridgeJvmArgs = System.getProperty("bench.bridge-jvm-args", "-Xmx256m");
    private final String bridgeArgs = System.getProperty("bench.bridge-args", "");
    private final long maxSeconds = Long.getLong("bench.max-seconds", 900);
    private final String clusterAddresses = System.getProperty("bench.cluster-addresses", "");
    private final String clusterInstances = System.getProperty("bench.cluster-instances", "1,2,3");

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void run() throws Exception {
        Path jar = Path.of("target/avatax-bridge.jar");
        assertThat(jar).as("bench/run packages the jar first").exists();
        List<Result> results = new ArrayList<>();
        try (AvataxStandIn avatax = new AvataxStandIn(latencyMillis, Math.max(32, inFlight * 4));
                Connection connection = connectionFactory().newConnection("throughput-benchmark")) {
            prepareOutcomes(connection);
            if (baselines) {
                results.add(relay(connection, avatax));
                results.add(handWritten(connection, avatax));
            }
            results.add(bridges("the bridge", connection, avatax, jar, 1,
                    i -> List.of("--spring.rabbitmq.virtual-host=" + vhost)));
        }
        if (!clusterAddresses.isBlank()) {
            List<com.rabbitmq.client.Address> nodes = Arrays.asList(com.rabbitmq.client.Address.parseAddresses(clusterAddresses));
            ConnectionFactory cluster = connectionFactory();
            cluster.setVirtualHost("/");
            try (AvataxStandIn avatax = new AvataxStandIn(latencyMillis, Math.max(32, inFlight * 4));
                    Connection connection = cluster.newConnection(nodes, "throughput-benchmark")) {
                prepareOutcomes(connection);
                for (String count : clusterInstances.split(",")) {
                    int instances = Integer.parseInt(count.trim());
                    results.add(bridges(instances + (instances == 1 ? " bridge" : " bridges") + " on a 3-node cluster",
                            connection, avatax, jar, instances, i -> List.of("--spring.rabbitmq.addresses="
                                    + rotated(nodes, i))));
                }
            }
        }
        report(results);
    }

    // --- subjects ------------------------------------------------------------------------------------

    private Result relay(Connection connection, AvataxStandIn avatax) throws Exception {
        String queue = "bench.relay.in";
        declareQuorum(connection, queue);
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            channels.add(relayWorker(connection, queue, inFlight / 4, (channel, envelope, body, received) ->
                    publishOutcome(channel, envelope.getDeliveryTag(), body, received)));
        }
        try {
            return measure("bare relay", connection, avatax, "", queue, null);
        } finally {
            closeAll(channels);
        }
    }

    private Result handWritten(Connection connection, AvataxStandIn avatax) throws Exception {
        String queue = "bench.hand.in";
        declareQuorum(connection, queue);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        byte[] avataxBody = Files.readAllBytes(Path.of("src/test/resources/bench/createoradjust-5-lines.json"));
        URI uri = URI.create(avatax.baseUrl() + "/api/v2/transactions/createoradjust");
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            channels.add(relayWorker(connection, queue, inFlight / 4, (channel, envelope, body, received) ->
                    http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(avataxBody)).build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                            .thenAccept(response -> publishOutcome(channel, envelope.getDeliveryTag(),
                                    response.body(), received))));
        }
        try {
            return measure("hand-written bridge", connection, avatax, "", queue, null);
        } finally {
            closeAll(channels);
        }
    }

    /**
     * {@code count} bridge processes (the first sampled for heap and RSS), each with its broker arguments;
     * measured once all their invoices consumers are subscribed.
     */
    private Result bridges(String subject, Connection connection, AvataxStandIn avatax, Path jar, int count,
            java.util.function.IntFunction<List<String>> brokerArguments) throws Exception {
        Files.createDirectories(Path.of("target/bench"));
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                List<String> command = new ArrayList<>(List.of(javaExecutable()));
                command.addAll(Arrays.asList(bridgeJvmArgs.trim().split("\\s+")));
                command.addAll(List.of("-jar", jar.toString(),
                        "--server.port=" + (i == 0 ? bridgePort : freePort()),
                        "--avatax.connections.default.base-url=" + avatax.baseUrl(),
                        "--avatax.connections.default.account-id=1100000001",
                        "--avatax.connections.default.license-key=bench-license-key",
                        "--avatax.connections.default.company-code=DEFAULT",
                        "--logging.level.root=WARN"));
                command.addAll(brokerArguments.apply(i));
                if (!bridgeArgs.isBlank()) {
                    command.addAll(Arrays.asList(bridgeArgs.trim().split("\\s+")));
                }
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(new File("target/bench/bridge" + (i == 0 ? "" : "-" + i) + ".log")).start());
            }
            try (Channel channel = connection.createChannel()) {
                awaitConsumers(channel, processes, "tax.invoices");
                channel.queuePurge("tax.invoices");
                channel.queueBind(OUTCOMES, "tax.events", "invoice.taxes_committed");
                return measure(subject, connection, avatax, "tax.commands", "invoice.finalized", processes.get(0));
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            try (Channel channel = connection.createChannel()) {
                channel.queueUnbind(OUTCOMES, "tax.events", "invoice.taxes_committed");
            }
        }
    }

    /** The cluster's addresses starting at node {@code first}: each instance connects to a node of its own. */
    private static String rotated(List<com.rabbitmq.client.Address> nodes, int first) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            com.rabbitmq.client.Address node = nodes.get((first + i) % nodes.size());
            addresses.add(node.getHost() + ":" + node.getPort());
        }
        return String.join(",", addresses);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- one measured phase ----------------------------------------------------------------------------

    private Result measure(String subject, Connection connection, AvataxStandIn avatax, String exchange,
            String routingKey, Process process) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Channel publisher = connection.createChannel(); Outcomes outcomes = new Outcomes(connection)) {
            publisher.confirmSelect();
            outcomes.expect(warmup);
            publish(publisher, exchange, routingKey, run + "-w", warmup);
            assertThat(outcomes.await(maxSeconds)).as(subject + ": warm-up outcomes").isTrue();

            avatax.resetCalls();
            outcomes.expect(invoices);
            Sampler sampler = process == null ? null : new Sampler(process.pid());
            long started = System.nanoTime();
            publish(publisher, exchange, routingKey, run + "-m", invoices);
            boolean complete = outcomes.await(maxSeconds);
            long elapsed = outcomes.lastArrivalNanos() - started;
            if (sampler != null) {
                sampler.close();
            }
            assertThat(complete).as(subject + ": all " + invoices + " outcomes within " + maxSeconds + " s (got "
                    + outcomes.count() + ")").isTrue();
            long[] latencies = outcomes.latencies();
            Arrays.sort(latencies);
            return new Result(subject, invoices, elapsed / 1e9, invoices / (elapsed / 1e9),
                    percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), avatax.calls(),
                    outcomes.duplicates(), sampler == null ? null : sampler.maxHeapMb(),
                    sampler == null ? null : sampler.heapAfterFullGcMb(), sampler == null ? null : sampler.maxRssMb(),
                    sampler == null ? null : sampler.heapSeries(),
                    sampler == null ? null : sampler.cpuSeconds() * 10_000 / invoices);
        }
    }

    private void publish(Channel channel, String exchange, String routingKey, String prefix, int count)
            throws Exception {
        String template = Files.readString(Path.of("src/test/resources/bench/invoice-5-fees.json"));
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            byte[] body = template.replace("${ID}", id).getBytes(StandardCharsets.UTF_8);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).messageId(id).build();
            channel.basicPublish(exchange, routingKey, properties, body);
            if (i % 500 == 499) {
                channel.waitForConfirmsOrDie(30_000);
            }
        }
        channel.waitForConfirmsOrDie(30_000);
    }

    // --- baselines' plumbing -----------------------------------------------------------------------------

    @FunctionalInterface
    private interface Handler {
        void handle(Channel channel, Envelope envelope, byte[] body, long receivedAt) throws IOException;
    }

    /** A consumer channel that acks each delivery once its outcome is confirmed (publisher confirms). */
    private Channel relayWorker(Connection connection, String queue, int prefetch, Handler handler)
            throws IOException {
        Channel channel = connection.createChannel();
        channel.basicQos(Math.max(1, prefetch));
        channel.confirmSelect();
        NavigableMap<Long, Long> pending = new ConcurrentSkipListMap<>();
        channel.setDefaultConsumer(null);
        channel.addConfirmListener((sequence, multiple) -> {
            NavigableMap<Long, Long> done = multiple ? pending.headMap(sequence, true) : pending.subMap(sequence,
                    true, sequence, true);
            for (Long tag : List.copyOf(done.values())) {
                channel.basicAck(tag, false);
            }
            done.clear();
        }, (sequence, multiple) -> {
            throw new IllegalStateException("the broker nacked an outcome");
        });
        PENDING.put(channel, pending);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                    byte[] body) throws IOException {
                handler.handle(channel, envelope, body, System.currentTimeMillis());
            }
        });
        return channel;
    }

    private static final Map<Channel, NavigableMap<Long, Long>> PENDING = new java.util.concurrent.ConcurrentHashMap<>();

    private static void publishOutcome(Channel channel, long deliveryTag, byte[] body, long receivedAt) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(UUID.randomUUID().toString())
                .headers(Map.of("x-received-at", receivedAt)).build();
        try {
            synchronized (channel) {
                PENDING.get(channel).put(channel.getNextPublishSeqNo(), deliveryTag);
                channel.basicPublish(OUT_EXCHANGE, OUTCOMES, properties, body);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void declareQuorum(Connection connection, String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queuePurge(queue);
        }
    }

    private void prepareOutcomes(Connection connection) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(OUT_EXCHANGE, "direct", true);
            channel.queueDeclare(OUTCOMES, true, false, false, Map.of());
            channel.queueBind(OUTCOMES, OUT_EXCHANGE, OUTCOMES);
            channel.queuePurge(OUTCOMES);
        }
    }

    private static void closeAll(List<Channel> channels) {
        for (Channel channel : channels) {
            try {
                channel.close();
            } catch (Exception ignored) {
                // the phase is over; a channel already closed by the broker does not matter
            }
            PENDING.remove(channel);
        }
    }

    /**
     * Waits until every invoices consumer of the bridges is subscribed (its concurrency: 2 by default, or
     * {@code --tax.consumers.invoices.concurrency} in {@code bench.bridge-args}), so the measured burst
     * does not start against a half-started container.
     */
    private void awaitConsumers(Channel channel, List<Process> processes, String queue) {
        int expected = 2;
        for (String arg : bridgeArgs.trim().split("\\s+")) {
            if (arg.startsWith("--tax.consumers.invoices.concurrency=")) {
                expected = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
            }
        }
        int consumers = expected * processes.size();
        org.awaitility.Awaitility.await("the bridge consuming " + queue + " (see target/bench/bridge.log)")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (processes.stream().anyMatch(process -> !process.isAlive())) {
                        throw new IllegalStateException("a bridge exited; see target/bench/bridge*.log");
                    }
                    // A channel per look: asking for a queue the bridge has not declared yet closes the channel.
                    try (Channel look = channel.getConnection().createChannel()) {
                        return look.consumerCount(queue) >= consumers;
                    } catch (java.io.IOException notDeclaredYet) {
                        return false;
                    }
                });
    }

    private ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(System.getProperty("bench.rabbit-host", "127.0.0.1"));
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(vhost);
        return factory;
    }

    // --- the subscriber that counts outcomes ---------------------------------------------------------------

    /** Counts outcomes on bench.outcomes; latency from each outcome's x-received-at to its arrival here. */
    private static final class Outcomes implements AutoCloseable {

        private final Channel channel;
        private volatile CountDownLatch latch = new CountDownLatch(0);
        private final AtomicLong last = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private long[] latencies = new long[0];
        private final AtomicLong next = new AtomicLong();

        Outcomes(Connection connection) throws IOException {
            this.channel = connection.createChannel();
            channel.basicQos(500);
            channel.basicConsume(OUTCOMES, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) {
                    long now = System.currentTimeMillis();
                    last.set(System.nanoTime());
                    Object source = properties.getHeaders() == null ? null
                            : properties.getHeaders().get("x-source-message-id");
                    if (source != null && !seen.add(source.toString())) {
                        duplicates.incrementAndGet();
                        return;
                    }
                    Object receivedAt = properties.getHeaders() == null ? null
                            : properties.getHeaders().get("x-received-at");
                    long index = next.getAndIncrement();
                    if (receivedAt instanceof Number at && index < latencies.length) {
                        latencies[(int) index] = now - at.longValue();
                    }
                    latch.countDown();
                }
            });
        }

        void expect(int count) {
            latencies = new long[count];
            next.set(0);
            latch = new CountDownLatch(count);
        }

        boolean await(long seconds) throws InterruptedException {
            return latch.await(seconds, TimeUnit.SECONDS);
        }

        long count() {
            return latencies.length - latch.getCount();
        }

        long lastArrivalNanos() {
            return last.get();
        }

        long duplicates() {
            return duplicates.get();
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, (int) Math.min(latencies.length, next.get()));
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }

    // --- the bridge process's memory --------------------------------------------------------------------------

    /** Samples the bridge's heap (jcmd GC.heap_info) and RSS (/proc) every second while a phase runs. */
    private static final class Sampler implements AutoCloseable {

        private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
        /** Clock ticks per second of /proc's CPU times ({@code getconf CLK_TCK}; 100 on Linux). */
        private static final long CLOCK_TICKS = clockTicks();

        private static long clockTicks() {
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                getconf.waitFor(10, TimeUnit.SECONDS);
                return Long.parseLong(out);
            } catch (IOException | InterruptedException | NumberFormatException e) {
                return 100;
            }
        }

        private final long pid;
        private final Thread thread;
        private volatile boolean running = true;
        private final List<Long> heapKb = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile long maxRssKb;
        private long afterGcKb = -1;
        private final long cpuTicksAtStart;
        private long cpuTicks = -1;

        Sampler(long pid) {
            this.pid = pid;
            this.cpuTicksAtStart = cpuTicks();
            this.thread = new Thread(this::loop, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                heap().ifPresent(heapKb::add);
                maxRssKb = Math.max(maxRssKb, rssKb());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private java.util.Optional<Long> heap() {
            String out = jcmd("GC.heap_info");
            Matcher matcher = USED.matcher(out);
            return matcher.find() ? java.util.Optional.of(Long.parseLong(matcher.group(1)))
                    : java.util.Optional.empty();
        }

        private long rssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                return 0;
            }
            return 0;
        }

        /** The process's own CPU time so far (user + system, /proc/<pid>/stat fields 14 and 15), in clock ticks. */
        private long cpuTicks() {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // The command name (field 2) is in parentheses and may hold spaces: count from after it.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                return -1;
            }
        }

        /** CPU seconds the process used while the phase ran (the samples' jcmd calls included, a few ms each). */
        double cpuSeconds() {
            return cpuTicks < 0 || cpuTicksAtStart < 0 ? Double.NaN : (cpuTicks - cpuTicksAtStart) / (double) CLOCK_TICKS;
        }

        private String jcmd(String command) {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid), command).redirectErrorStream(true).start();
                String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(10, TimeUnit.SECONDS);
                return out;
            } catch (IOException | InterruptedException e) {
                return "";
            }
        }

        Double maxHeapMb() {
            return heapKb.stream().mapToLong(Long::longValue).max().stream().mapToDouble(kb -> kb / 1024.0)
                    .findFirst().orElse(Double.NaN);
        }

        Double heapAfterFullGcMb() {
            return afterGcKb < 0 ? Double.NaN : afterGcKb / 1024.0;
        }

        Double maxRssMb() {
            return maxRssKb / 1024.0;
        }

        /** Heap used, MB, one sample a second: flat means no growth with the number of invoices. */
        List<Long> heapSeries() {
            return heapKb.stream().map(kb -> kb / 1024).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
            cpuTicks = cpuTicks();
            jcmd("GC.run");
            afterGcKb = heap().orElse(-1L);
            maxRssKb = Math.max(maxRssKb, rssKb());
        }
    }

    // --- results ------------------------------------------------------------------------------------------------

    record Result(String subject, int invoices, double seconds, double perSecond, long p50Ms, long p95Ms,
            long p99Ms, long avataxCalls, long duplicateOutcomes, Double heapMaxMb, Double heapAfterFullGcMb,
            Double rssMaxMb, List<Long> heapSeriesMb, Double cpuSecondsPer10k) {
    }

    private void report(List<Result> results) throws IOException {
        Result hand = results.stream().filter(r -> r.subject().startsWith("hand")).findFirst().orElse(null);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%d invoices of 5 fees, AvaTax latency %d ms, %d cores, %s%n",
                invoices, latencyMillis, Runtime.getRuntime().availableProcessors(), Instant.now()));
        table.append("| subject | invoices/s | ratio to hand-written | p50 ms | p95 ms | p99 ms | AvaTax calls "
                + "| duplicates | heap max MB | heap after full GC MB | RSS max MB | CPU s per 10,000 |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Result r : results) {
            String ratio = hand == null ? "-" : String.format(Locale.ROOT, "%.2f", r.perSecond() / hand.perSecond());
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %d | %d | %d | %d | %d | %s | %s | %s | %s |%n",
                    r.subject(), r.perSecond(), ratio, r.p50Ms(), r.p95Ms(), r.p99Ms(), r.avataxCalls(),
                    r.duplicateOutcomes(), mb(r.heapMaxMb()), mb(r.heapAfterFullGcMb()), mb(r.rssMaxMb()),
                    r.cpuSecondsPer10k() == null || r.cpuSecondsPer10k().isNaN() ? "-"
                            : String.format(Locale.ROOT, "%.1f", r.cpuSecondsPer10k())));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("result", r);
            row.put("ratio_to_hand_written", hand == null ? null : r.perSecond() / hand.perSecond());
            json.add(row);
        }
        System.out.println(table);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("at", Instant.now().toString());
        document.put("invoices", invoices);
        document.put("warmup", warmup);
        document.put("avatax_latency_ms", latencyMillis);
        document.put("hand_written_in_flight", inFlight);
        document.put("bridge_jvm_args", bridgeJvmArgs);
        document.put("bridge_args", bridgeArgs);
        document.put("cores", Runtime.getRuntime().availableProcessors());
        document.put("machine_memory_mb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024));
        document.put("java", System.getProperty("java.vm.version"));
        document.put("results", json);
        document.put("table", table.toString());
        Files.createDirectories(Path.of("target/bench"));
        String name = String.format(Locale.ROOT, "throughput-%dms-%d.json", latencyMillis, invoices);
        mapper.writeValue(Path.of("target/bench", name).toFile(), document);
        Files.writeString(Path.of("target/bench", name.replace(".json", ".md")), table.toString());
    }

    private static String mb(Double value) {
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
