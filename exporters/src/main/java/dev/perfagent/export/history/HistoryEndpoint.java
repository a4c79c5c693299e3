package dev.perfagent.export.history;

import dev.perfagent.export.http.HttpEndpoint;
import dev.perfagent.export.http.HttpRequest;
import dev.perfagent.export.http.HttpResponse;
import dev.perfagent.export.json.JsonWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /history}: the {@link StatusHistory} as JSON ({@link StatusHistory#writeJson}). With
 * {@code ?since=MILLIS} (epoch milliseconds, as in the answer's {@code times}) only the samples
 * taken after that time, so a page that has the rest fetches only what is new; a {@code since} that
 * is not a whole number is answered with 400.
 */
public final class HistoryEndpoint implements HttpEndpoint {

  private final StatusHistory history;
  private final LongSupplier clock;

  /**
   * Serves {@code history}, with {@code now} from the system clock.
   *
   * @param history the history
   */
  public HistoryEndpoint(StatusHistory history) {
    this(history, System::currentTimeMillis);
  }

  /**
   * Serves {@code history}.
   *
   * @param history the history
   * @param clock epoch milliseconds now, for the answer's {@code now}
   */
  public HistoryEndpoint(StatusHistory history, LongSupplier clock) {
    this.history = Objects.requireNonNull(history, "history");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    Optional<String> since = request.queryParameter("since");
    long sinceMillis = Long.MIN_VALUE;
    if (since.isPresent()) {
      try {
        sinceMillis = Long.parseLong(since.get().trim());
      } catch (NumberFormatException e) {
        return HttpResponse.text(400, "since: expected epoch milliseconds, got '"
            + since.get() + "'\n");
      }
    }
    StringBuilder json = new StringBuilder(4096);
    history.writeJson(new JsonWriter(json), sinceMillis, clock.getAsLong());
    return HttpResponse.json(json.toString());
  }
}
