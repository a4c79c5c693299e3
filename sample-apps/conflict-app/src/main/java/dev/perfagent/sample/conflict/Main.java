package dev.perfagent.sample.conflict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of {@code conflict-app.jar}: {@code java -jar conflict-app.jar [--rounds N] [--probe-class
 * NAME]...}.
 *
 * <p>Exercises the host's own Byte Buddy, Caffeine and Micrometer once, prints {@code conflict-app
 * ready}, then every 50 ms runs {@link Workload#work} and the same checks again, so they keep being
 * exercised while an agent attaches. Any failure prints {@code conflict-app: <lib> FAILED: <exception>}
 * and exits with status 3. With {@code --rounds N} it exits 0 after N rounds; otherwise it runs
 * until killed.
 *
 * <p>Each {@code --probe-class NAME} prints {@code probe NAME: loadable} or {@code probe NAME: not
 * loadable}: whether this app's own class loader can load the class (without initialising it). The
 * probes run before the checks and again before each {@code checks passed} line, so a change (say,
 * after something was attached to the JVM) shows up while the app runs.
 */
public final class Main {

  /** Exit status when a library check fails. */
  public static final int FAILED = 3;
  /** Exit status for bad arguments. */
  public static final int USAGE = 2;
  static final long ROUND_INTERVAL_MS = 50;
  static final int REPORT_EVERY = 20;
  static final int WORK_STEPS = 200_000;

  private Main() {}

  /** Runs the app and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs with the three standard checks. */
  static int run(String[] args, PrintStream out) {
    return run(args, out, List.of(new ByteBuddyCheck(), new CaffeineCheck(), new MicrometerCheck()));
  }

  /**
   * @return 0 after the requested rounds, {@link #FAILED} on a failed check, {@link #USAGE} on bad
   *     arguments; never returns when no round limit is given and all checks keep passing
   */
  static int run(String[] args, PrintStream out, List<LibraryCheck> checks) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      out.println("conflict-app: " + e.getMessage());
      out.println("usage: java -jar conflict-app.jar [--rounds N] [--probe-class NAME]...");
      return USAGE;
    }
    long rounds = options.rounds();
    probe(out, options.probeClasses());
    for (LibraryCheck check : checks) {
      String detail;
      try {
        detail = check.run();
      } catch (Throwable t) {
        return fail(out, check, t);
      }
      out.println("conflict-app: " + check.name() + " ok" + (detail.isEmpty() ? "" : " " + detail));
    }
    out.println("conflict-app ready");
    out.flush();
    long sink = 0;
    for (long round = 1; rounds < 0 || round <= rounds; round++) {
      try {
        Thread.sleep(ROUND_INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
      sink += Workload.work(WORK_STEPS);
      for (LibraryCheck check : checks) {
        try {
          check.run();
        } catch (Throwable t) {
          return fail(out, check, t);
        }
      }
      if (round % REPORT_EVERY == 0) {
        probe(out, options.probeClasses());
        out.println("conflict-app: checks passed " + round);
        out.flush();
      }
    }
    // Printing the checksum keeps the workload's result observable.
    out.println("conflict-app: done (workload checksum " + sink + ")");
    return 0;
  }

  private static int fail(PrintStream out, LibraryCheck check, Throwable t) {
    out.println("conflict-app: " + check.name() + " FAILED: " + t);
    out.flush();
    return FAILED;
  }

  /**
   * Prints one {@code probe NAME: loadable|not loadable} line per class: whether this app's class
   * loader can load it (the class is not initialised).
   */
  static void probe(PrintStream out, List<String> classNames) {
    for (String name : classNames) {
      boolean loadable;
      try {
        Class.forName(name, false, Main.class.getClassLoader());
        loadable = true;
      } catch (ClassNotFoundException | LinkageError e) {
        loadable = false;
      }
      out.println("probe " + name + ": " + (loadable ? "loadable" : "not loadable"));
    }
    out.flush();
  }

  /**
   * The command line.
   *
   * @param rounds the round limit, or -1 for no limit
   * @param probeClasses the classes named by {@code --probe-class}, in order
   */
  record Options(long rounds, List<String> probeClasses) {}

  /** @return the round limit, or -1 for no limit */
  static long parseRounds(String[] args) {
    return parse(args).rounds();
  }

  static Options parse(String[] args) {
    long rounds = -1;
    List<String> probes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--probe-class")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--probe-class needs a class name");
        }
        probes.add(args[++i]);
        continue;
      }
      if (!args[i].equals("--rounds")) {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("--rounds needs a value");
      }
      try {
        rounds = Long.parseLong(args[++i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rounds expects a number, got '" + args[i] + "'");
      }
      if (rounds < 0) {
        throw new IllegalArgumentException("--rounds must not be negative");
      }
    }
    return new Options(rounds, List.copyOf(probes));
  }
}
