package dev.perfagent.sample.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConflictAppTest {

  @Test
  void byteBuddyCheckPassesAndReportsTheDeclaredVersion() throws Exception {
    assertEquals(ByteBuddyCheck.EXPECTED_VERSION, new ByteBuddyCheck().run());
    assertEquals(ByteBuddyCheck.EXPECTED_VERSION, ByteBuddyCheck.loadedVersion());
  }

  @Test
  void caffeineAndMicrometerChecksPass() throws Exception {
    assertEquals("", new CaffeineCheck().run());
    assertEquals("", new MicrometerCheck().run());
  }

  @Test
  void workloadIsDeterministic() {
    assertEquals(Workload.work(10_000), Workload.work(10_000));
    assertNotEquals(Workload.work(10_000), Workload.work(10_001));
    assertEquals(0, Workload.work(0));
  }

  @Test
  void runsTheRequestedRoundsAndExitsZero() {
    Output output = new Output();
    int status = Main.run(new String[] {"--rounds", "20"}, output.stream);
    String text = output.text();
    assertEquals(0, status, text);
    assertTrue(text.contains("conflict-app: bytebuddy ok 1.14.12\n"), text);
    assertTrue(text.contains("conflict-app: caffeine ok\n"), text);
    assertTrue(text.contains("conflict-app: micrometer ok\n"), text);
    assertTrue(text.contains("conflict-app ready\n"), text);
    assertTrue(text.contains("conflict-app: checks passed 20\n"), text);
    assertTrue(text.indexOf("ready") < text.indexOf("checks passed"), text);
  }

  @Test
  void failureAtStartPrintsFailedAndExitsThree() {
    Output output = new Output();
    int status = Main.run(new String[] {"--rounds", "5"}, output.stream, List.of(failingOnCall(1)));
    assertEquals(Main.FAILED, status);
    assertTrue(output.text().contains("conflict-app: flaky FAILED: java.lang.IllegalStateException: broken on call 1"), output.text());
    assertTrue(!output.text().contains("ready"), output.text());
  }

  @Test
  void failureInALaterRoundAlsoExitsThree() {
    Output output = new Output();
    int status = Main.run(new String[] {"--rounds", "5"}, output.stream, List.of(new CaffeineCheck(), failingOnCall(3)));
    assertEquals(Main.FAILED, status);
    assertTrue(output.text().contains("conflict-app ready\n"), output.text());
    assertTrue(output.text().contains("conflict-app: flaky FAILED: java.lang.IllegalStateException: broken on call 3"), output.text());
  }

  @Test
  void argumentsAreValidated() {
    assertEquals(-1, Main.parseRounds(new String[0]));
    assertEquals(7, Main.parseRounds(new String[] {"--rounds", "7"}));
    assertThrows(IllegalArgumentException.class, () -> Main.parseRounds(new String[] {"--rounds"}));
    assertThrows(IllegalArgumentException.class, () -> Main.parseRounds(new String[] {"--rounds", "x"}));
    assertThrows(IllegalArgumentException.class, () -> Main.parseRounds(new String[] {"--bogus"}));
    assertEquals(Main.USAGE, Main.run(new String[] {"--rounds", "-1"}, new Output().stream));
  }

  @Test
  void probeClassArgumentsAreCollectedInOrder() {
    Main.Options options = Main.parse(new String[] {"--probe-class", "a.B", "--rounds", "3", "--probe-class", "c.D"});
    assertEquals(3, options.rounds());
    assertEquals(List.of("a.B", "c.D"), options.probeClasses());
    assertEquals(List.of(), Main.parse(new String[0]).probeClasses());
    assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--probe-class"}));
  }

  @Test
  void probesSayWhetherTheAppsClassLoaderCanLoadAClass() {
    Output output = new Output();
    int status =
        Main.run(
            new String[] {"--rounds", "20", "--probe-class", "net.bytebuddy.ByteBuddy", "--probe-class", "no.such.Clazz"},
            output.stream,
            List.of());
    String text = output.text();
    assertEquals(0, status, text);
    // Once before the checks and once before the report line of round 20.
    assertEquals(2, text.split("probe net.bytebuddy.ByteBuddy: loadable\n", -1).length - 1, text);
    assertEquals(2, text.split("probe no.such.Clazz: not loadable\n", -1).length - 1, text);
    assertTrue(text.indexOf("probe no.such.Clazz") < text.indexOf("conflict-app ready"), text);
    assertTrue(text.lastIndexOf("probe no.such.Clazz") < text.indexOf("checks passed 20"), text);
  }

  private static LibraryCheck failingOnCall(int failingCall) {
    AtomicInteger calls = new AtomicInteger();
    return new LibraryCheck() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public String run() {
        int call = calls.incrementAndGet();
        LibraryCheck.require(call != failingCall, "broken on call " + call);
        return "";
      }
    };
  }

  private static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
  }
}
