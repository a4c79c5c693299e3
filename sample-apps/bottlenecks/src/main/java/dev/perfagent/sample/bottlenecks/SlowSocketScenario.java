package dev.perfagent.sample.bottlenecks;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code slow-socket}: every request asks the app's own loopback {@link QuoteServer} for a quote through
 * {@link QuoteClient#quote(String)}; the server answers after {@value #DELAY_MILLIS} ms.
 */
final class SlowSocketScenario implements Scenario {
    static final long DELAY_MILLIS = 30;
    private static final String[] SYMBOLS = {"ACME", "GLOBX", "INITECH", "UMBR", "WAYNE", "STARK", "OSCORP", "TYRELL"};

    private final QuoteServer server;
    private final QuoteClient client;

    SlowSocketScenario() throws IOException {
        server = new QuoteServer(DELAY_MILLIS);
        client = new QuoteClient(server.port());
    }

    @Override
    public void request() throws IOException {
        client.quote(SYMBOLS[ThreadLocalRandom.current().nextInt(SYMBOLS.length)]);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
