package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SlowSocketTest {

    @Test
    void theLoopbackServerAnswersEachQuote() throws Exception {
        try (QuoteServer server = new QuoteServer(1)) {
            QuoteClient client = new QuoteClient(server.port());
            for (String symbol : new String[] {"ACME", "WAYNE", ""}) {
                assertEquals(QuoteServer.priceOf(symbol), client.quote(symbol));
            }
        }
    }

    @Test
    void concurrentClientsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (QuoteServer server = new QuoteServer(1)) {
            QuoteClient client = new QuoteClient(server.port());
            List<Future<Double>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String symbol = "S" + i;
                answers.add(callers.submit(() -> client.quote(symbol)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(QuoteServer.priceOf("S" + i), answers.get(i).get());
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
