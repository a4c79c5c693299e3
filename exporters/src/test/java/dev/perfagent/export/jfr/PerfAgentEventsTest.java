package dev.perfagent.export.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Every perf-agent event type reads well in JDK Mission Control: under the {@code perf-agent}
 * category, with a label and a description, and every field with a label (JMC shows the label as
 * the column's title, the field's Java name otherwise).
 */
class PerfAgentEventsTest {

  @Test
  void everyTypeHasTheCategoryALabelADescriptionAndLabelledFields() {
    List<String> problems = new ArrayList<>();
    for (Class<? extends Event> cls : PerfAgentEvents.TYPES) {
      EventType type = EventType.getEventType(cls);
      String name = type.getName();
      List<String> categories = type.getCategoryNames();
      if (categories.isEmpty() || !PerfAgentEvents.CATEGORY.equals(categories.get(0))) {
        problems.add(name + ": category " + categories + " does not start with "
            + PerfAgentEvents.CATEGORY);
      }
      if (blank(type.getLabel())) {
        problems.add(name + ": no @Label");
      }
      if (blank(type.getDescription())) {
        problems.add(name + ": no @Description");
      }
      for (ValueDescriptor field : type.getFields()) {
        if (blank(field.getLabel())) {
          problems.add(name + "." + field.getName() + ": no @Label");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theListHoldsEveryEventClassOfThePackage() throws Exception {
    // An event type left out of TYPES would be missing from JMC's event browser until first
    // emitted, and from the test above.
    Path dir = Path.of(PerfAgentEvents.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).resolve(PerfAgentEvents.class.getPackageName().replace('.', '/'));
    assumeTrue(Files.isDirectory(dir), "the classes are not in a directory: " + dir);
    Set<Class<?>> events = new HashSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String simple = file.getFileName().toString();
        if (simple.endsWith(".class") && !simple.contains("$")) {
          Class<?> cls = Class.forName(PerfAgentEvents.class.getPackageName() + "."
              + simple.substring(0, simple.length() - ".class".length()));
          if (Event.class.isAssignableFrom(cls)) {
            events.add(cls);
          }
        }
      }
    }
    assertEquals(events, Set.copyOf(PerfAgentEvents.TYPES));
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
