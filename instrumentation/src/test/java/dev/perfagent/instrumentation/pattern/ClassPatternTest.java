package dev.perfagent.instrumentation.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            com.example.Foo                 | com.example.Foo                     | true
            com.example.Foo                 | com.example.Foo2                    | false
            com.example.Foo                 | com.example.Fo                      | false
            com.example.Foo                 | xcom.example.Foo                    | false
            com.example.*                   | com.example.Foo                     | true
            com.example.*                   | com.example.a.Foo                   | false
            com.example.*                   | com.example                         | false
            com.example.*                   | com.example.Outer$Inner             | true
            com.example.*Controller         | com.example.FooController           | true
            com.example.*Controller         | com.example.Controller              | true
            com.example.*Controller         | com.example.FooControllerTest       | false
            com.example.*Controller         | com.example.web.FooController       | false
            com.example..*Controller        | com.example.FooController           | true
            com.example..*Controller        | com.example.a.FooController         | true
            com.example..*Controller        | com.example.a.b.c.FooController     | true
            com.example..*Controller        | com.examples.FooController          | false
            com.example..*Controller        | com.example.FooController$1         | false
            com.example..*Controller        | org.example.FooController           | false
            com.example..Foo                | com.example.Foo                     | true
            com.example..Foo                | com.example.x.Foo                   | true
            com.example..Foo                | com.example.x.XFoo                  | false
            ..Foo                           | Foo                                 | true
            ..Foo                           | a.b.Foo                             | true
            ..Foo                           | a.b.Foo2                            | false
            ..*Controller                   | a.b.WebController                   | true
            *..*Controller                  | WebController                       | false
            *..*Controller                  | a.WebController                     | true
            com..model..*Model              | com.model.MlpModel                  | true
            com..model..*Model              | com.x.model.y.z.MlpModel            | true
            com..model..*Model              | com.x.models.y.MlpModel             | false
            com.*.Foo                       | com.a.Foo                           | true
            com.*.Foo                       | com.a.b.Foo                         | false
            com.*.Foo                       | com.Foo                             | false
            com.ex*le.*                     | com.example.A                       | true
            com.ex*le.*                     | com.exle.A                          | true
            com.ex*le.*                     | com.examp.A                         | false
            com.example.Outer$Inner         | com.example.Outer$Inner             | true
            com.example.Outer$*             | com.example.Outer$Inner             | true
            com.example.Outer$*             | com.example.Outer                   | false
            com.example.Outer*              | com.example.Outer$Inner$Deeper      | true
            *                               | Foo                                 | true
            *                               | a.Foo                               | false
            a*b*c                           | abc                                 | true
            a*b*c                           | aXbYc                               | true
            a*b*c                           | aXbY                                | false
            a*b*c                           | acbc                                | true
            a**b                            | ab                                  | true
            """)
    void matches(String pattern, String name, boolean expected) {
        assertEquals(expected, ClassPattern.parse(pattern).matches(name));
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""               | 0  | expected a class name in ''
            .Foo             | 0  | expected a name before '.' in class name in '.Foo'
            com.Foo.         | 8  | expected a name after '.' in class name in 'com.Foo.'
            com..            | 5  | expected a class name after '..' in 'com..'
            com...Foo        | 5  | unexpected '.' after '..' in class name in 'com...Foo'
            com.fo-o.Bar     | 6  | unexpected '-' in class name (expected a Java name, '*', '.' or '..') in 'com.fo-o.Bar'
            com.foo Bar      | 7  | unexpected whitespace in class name (expected a Java name, '*', '.' or '..') in 'com.foo Bar'
            """)
    void syntaxErrors(String pattern, int offset, String message) {
        MethodPatternException e = assertThrows(MethodPatternException.class, () -> ClassPattern.parse(pattern));
        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset());
        assertEquals(pattern, e.pattern());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        ClassPattern pattern = ClassPattern.parse("  com.example.*  ");
        assertEquals("com.example.*", pattern.toString());
        assertEquals(true, pattern.matches("com.example.A"));
    }

    @Test
    void equalityIsByText() {
        assertEquals(ClassPattern.parse("a.*"), ClassPattern.parse("a.*"));
        assertEquals(ClassPattern.parse("a.*").hashCode(), ClassPattern.parse("a.*").hashCode());
        assertNotEquals(ClassPattern.parse("a.*"), ClassPattern.parse("a..*"));
    }

    /** The hand-written matcher agrees with an equivalent regular expression on random input. */
    @Test
    void agreesWithARegexOnRandomPatternsAndNames() {
        Random random = new Random(42);
        String[] segmentParts = {"a", "b", "$", "*", "ab"};
        for (int round = 0; round < 3_000; round++) {
            StringBuilder pattern = new StringBuilder();
            StringBuilder regex = new StringBuilder();
            int segments = 1 + random.nextInt(4);
            for (int s = 0; s < segments; s++) {
                boolean anyPackages = random.nextInt(4) == 0;
                if (s == 0 && anyPackages) {
                    pattern.append("..");
                    regex.append("(?:[^.]+\\.)*");
                } else if (s > 0) {
                    pattern.append(anyPackages ? ".." : ".");
                    regex.append(anyPackages ? "\\.(?:[^.]+\\.)*" : "\\.");
                }
                int parts = 1 + random.nextInt(3);
                for (int p = 0; p < parts; p++) {
                    String part = segmentParts[random.nextInt(segmentParts.length)];
                    pattern.append(part);
                    regex.append(part.equals("*") ? "[^.]*" : Pattern.quote(part));
                }
            }
            ClassPattern compiled = ClassPattern.parse(pattern.toString());
            Pattern expected = Pattern.compile(regex.toString());
            for (int n = 0; n < 30; n++) {
                StringBuilder name = new StringBuilder();
                int nameSegments = 1 + random.nextInt(5);
                for (int s = 0; s < nameSegments; s++) {
                    if (s > 0) {
                        name.append('.');
                    }
                    int length = 1 + random.nextInt(3);
                    for (int c = 0; c < length; c++) {
                        name.append("ab$".charAt(random.nextInt(3)));
                    }
                }
                assertEquals(expected.matcher(name).matches(), compiled.matches(name.toString()),
                        () -> pattern + " ~ " + name);
            }
        }
    }

    @ParameterizedTest(name = "glob {0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *       | ''       | true
            *       | abc      | true
            a*      | a        | true
            *a      | ba       | true
            *a      | ab       | false
            a*a     | a        | false
            a*a     | aa       | true
            *ab*ab  | xabyabab | true
            *ab*ab  | xabyaba  | false
            abc     | abc      | true
            abc     | abd      | false
            ''      | ''       | true
            ''      | a        | false
            """)
    void globs(String glob, String text, boolean expected) {
        assertEquals(expected, Glob.matches(glob, text));
    }
}
