package dev.perfagent.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample service running in a child JVM ({@code inference-service.jar serve --port 0}) for the
 * HTTP mode of {@link BatchingBenchmark} and for {@link ProfilingOverhead}: started, waited for until it
 * prints its address, watched for perf-agent {@code ERROR} lines and for the line that says where the
 * agent's HTTP exports are, and stopped on {@link #close()}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    /** From perf-agent's {@code started (premain) ...; metrics at http://HOST:PORT/metrics} line. */
    private static final Pattern AGENT_HTTP = Pattern.compile("\\[perf-agent] .* started \\(.*metrics at (http://\\S+)/metrics");
    private static final Pattern BATCH_CALLS = Pattern.compile("\"batch_calls\":(\\d+),\"batched_items\":(\\d+)");

    private final Process process;
    private final URI base;
    private final Deque<String> stderrTail;
    private final List<String> agentErrors;
    private final CompletableFuture<URI> agentHttp;

    private ServiceProcess(Process process, URI base, Deque<String> stderrTail, List<String> agentErrors,
                           CompletableFuture<URI> agentHttp) {
        this.process = process;
        this.base = base;
        this.stderrTail = stderrTail;
        this.agentErrors = agentErrors;
        this.agentHttp = agentHttp;
    }

    /**
     * @param command the {@code serve} command line
     * @param timeout how long it may take to print its address
     * @throws IllegalStateException if it exits or stays silent, with its stderr
     */
    static ServiceProcess start(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = ChildJvm.start(command);
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Deque<String> stderrTail = new ConcurrentLinkedDeque<>();
        List<String> agentErrors = new ArrayList<>();
        CompletableFuture<URI> agentHttp = new CompletableFuture<>();
        ChildJvm.pump(process.getInputStream(), line -> {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                listening.complete(URI.create(m.group(1)));
            }
        });
        ChildJvm.pump(process.getErrorStream(), line -> {
            stderrTail.addLast(line);
            if (stderrTail.size() > 30) {
                stderrTail.pollFirst();
            }
            Matcher http = AGENT_HTTP.matcher(line);
            if (http.find()) {
                agentHttp.complete(URI.create(http.group(1)));
            }
            String error = ChildJvm.agentError(line);
            if (error != null) {
                synchronized (agentErrors) {
                    agentErrors.add(error);
                }
            }
        });
        process.onExit().thenRun(() -> listening.completeExceptionally(
                new IllegalStateException("exited with status " + process.exitValue())));
        try {
            URI base = listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ServiceProcess(process, base, stderrTail, agentErrors, agentHttp);
        } catch (Exception e) {
            stop(process);
            throw new IllegalStateException("the service did not start (" + e + "); stderr:\n"
                    + String.join("\n", stderrTail), e);
        }
    }

    /** @return e.g. {@code http://127.0.0.1:40123} */
    URI base() {
        return base;
    }

    /** @return the service's process id */
    long pid() {
        return process.pid();
    }

    /**
     * Waits until perf-agent says it has started (it starts in the background, after {@code main}) and
     * returns where its HTTP exports are ({@code /status}, {@code /metrics}).
     *
     * @throws IllegalStateException if the agent does not say so within {@code timeout}, with the service's
     *     stderr and the agent's errors
     */
    URI awaitAgentHttp(Duration timeout) throws InterruptedException {
        try {
            return agentHttp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("perf-agent did not report its HTTP address within " + timeout.toSeconds()
                    + " s (errors: " + agentErrors() + "); stderr:\n" + String.join("\n", stderrTail), e);
        }
    }

    /** @return the body of {@code GET uri}, which must answer 200 */
    static String get(URI uri) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + ": status " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** @return the agent's {@code ERROR} messages so far, joined; null if none */
    String agentErrors() {
        synchronized (agentErrors) {
            return agentErrors.isEmpty() ? null : String.join(" | ", agentErrors);
        }
    }

    /** @return the model's {@code scoreBatch} calls and items so far, from {@code /info} */
    long[] batchCounts() throws IOException, InterruptedException {
        String body = get(base.resolve("/info"));
        Matcher m = BATCH_CALLS.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("/info has no batch counts (an older inference-service.jar?): " + body);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
