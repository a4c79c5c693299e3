package dev.perfagent.instrumentation.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodPatternTest {

    private static final String FIXTURE = Fixture.class.getName();

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            com.example.Foo#bar(..)            | com.example.Foo                 | true
            com.example.Foo#bar(..)            | com.example.Bar                 | false
            com.example..*Controller#*(..)     | com.example.FooController       | true
            com.example..*Controller#*(..)     | com.example.a.b.FooController   | true
            com.example..*Controller#*(..)     | com.example.a.b.FooService      | false
            com.example.Outer$Inner#run        | com.example.Outer$Inner         | true
            com.example.Outer$Inner#run        | com.example.Outer               | false
            ..Model#score                      | com.x.MlpModel                  | false
            ..*Model#score                     | com.x.MlpModel                  | true
            """)
    void matchesType(String pattern, String className, boolean expected) {
        assertEquals(expected, MethodPattern.parse(pattern).matchesType(className));
    }

    /** Parameters are ';'-separated; '-' means no parameters. */
    @ParameterizedTest(name = "{0} ~ {1}({2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            a.B#score(float[])                    | score      | float[]                               | true
            a.B#score(float[])                    | score      | float[][]                             | false
            a.B#score(float[])                    | score      | float                                 | false
            a.B#score(float[])                    | score      | double[]                              | false
            a.B#score(float[])                    | score      | -                                     | false
            a.B#score(float[])                    | score      | float[];int                           | false
            a.B#score(float[])                    | scores     | float[]                               | false
            a.B#scoreBatch(float[][])             | scoreBatch | float[][]                             | true
            a.B#score                             | score      | -                                     | true
            a.B#score                             | score      | int;long;java.lang.String             | true
            a.B#score(..)                         | score      | -                                     | true
            a.B#score(..)                         | score      | int;long                              | true
            a.B#score()                           | score      | -                                     | true
            a.B#score()                           | score      | int                                   | false
            a.B#score( )                          | score      | -                                     | true
            a.B#embed(String)                     | embed      | java.lang.String                      | true
            a.B#embed(String)                     | embed      | com.other.String                      | true
            a.B#embed(String)                     | embed      | java.lang.StringBuilder               | false
            a.B#embed(String)                     | embed      | java.lang.String[]                    | false
            a.B#embed(java.lang.String)           | embed      | java.lang.String                      | true
            a.B#embed(java.lang.String)           | embed      | com.other.String                      | false
            a.B#embed(java.lang.*)                | embed      | java.lang.Integer                     | true
            a.B#embed(java.lang.*)                | embed      | java.lang.invoke.MethodHandle         | false
            a.B#embed(java..*Handle)              | embed      | java.lang.invoke.MethodHandle         | true
            a.B#embed(Str*)                       | embed      | java.lang.StringBuilder               | true
            a.B#embed(*Map)                       | embed      | java.util.HashMap                     | true
            a.B#put(Map, int)                     | put        | java.util.Map;int                     | true
            a.B#put(Map,int)                      | put        | java.util.Map;int                     | true
            a.B#put(  Map ,  int  )               | put        | java.util.Map;int                     | true
            a.B#put(Map, int)                     | put        | java.util.Map;long                    | false
            a.B#put(Map, int)                     | put        | int;java.util.Map                     | false
            a.B#put(Map, Integer)                 | put        | java.util.Map;int                     | false
            a.B#e(Entry)                          | e          | java.util.Map$Entry                   | true
            a.B#e(Map$Entry)                      | e          | java.util.Map$Entry                   | true
            a.B#e(java.util.Map$Entry)            | e          | java.util.Map$Entry                   | true
            a.B#e(Map)                            | e          | java.util.Map$Entry                   | false
            a.B#e(Entry[])                        | e          | java.util.Map$Entry[]                 | true
            a.B#e(Entry)                          | e          | java.util.Map$Entry[]                 | false
            a.B#log(String, ..)                   | log        | java.lang.String                      | true
            a.B#log(String, ..)                   | log        | java.lang.String;int;int              | true
            a.B#log(String, ..)                   | log        | int;java.lang.String                  | false
            a.B#log(.., String)                   | log        | int;int;java.lang.String              | true
            a.B#log(.., String)                   | log        | java.lang.String;int                  | false
            a.B#log(.., String, ..)               | log        | int;java.lang.String;int              | true
            a.B#log(.., String, ..)               | log        | int;int                               | false
            a.B#log(String, .., int)              | log        | java.lang.String;int                  | true
            a.B#log(String, .., int)              | log        | java.lang.String;long;long;int        | true
            a.B#log(String, .., int)              | log        | java.lang.String;long                 | false
            a.B#log(.., ..)                       | log        | int;int                               | true
            a.B#any(*)                            | any        | float[][]                             | true
            a.B#any(*)                            | any        | int                                   | true
            a.B#any(*)                            | any        | -                                     | false
            a.B#any(*, *)                         | any        | int;int                               | true
            a.B#any(*[])                          | any        | int[]                                 | true
            a.B#any(*[])                          | any        | int                                   | false
            a.B#fmt(String...)                    | fmt        | java.lang.String[]                    | true
            a.B#fmt(String, Object...)            | fmt        | java.lang.String;java.lang.Object[]   | true
            a.B#fmt(Object[]...)                  | fmt        | java.lang.Object[][]                  | true
            a.B#*                                 | anything   | int                                   | true
            a.B#*                                 | <init>     | -                                     | false
            a.B#*                                 | <clinit>   | -                                     | false
            a.B#*(..)                             | <init>     | int                                   | false
            a.B#<init>                            | <init>     | int                                   | true
            a.B#<init>()                          | <init>     | -                                     | true
            a.B#<init>()                          | <init>     | int                                   | false
            a.B#<init>(int)                       | <init>     | int                                   | true
            a.B#<init>                            | foo        | -                                     | false
            a.B#<init>                            | <clinit>   | -                                     | false
            a.B#get*                              | getName    | -                                     | true
            a.B#get*                              | get        | -                                     | true
            a.B#get*                              | isGet      | -                                     | false
            a.B#*Async                            | sendAsync  | -                                     | true
            a.B#*Async                            | sendAsyncX | -                                     | false
            a.B#s*d                               | send       | -                                     | true
            """)
    void matchesMethod(String pattern, String method, String params, boolean expected) {
        List<String> types = params.equals("-") ? List.of() : Arrays.asList(params.split(";"));
        assertEquals(expected, MethodPattern.parse(pattern).matchesMethod(method, types));
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            com.Foo.bar                  | 7  | expected '#' between class and method in 'com.Foo.bar'
            com.Foo.bar(int)             | 7  | expected '#' between class and method in 'com.Foo.bar(int)'
            Foo                          | 3  | expected '#' between class and method in 'Foo'
            ""                           | 0  | expected a method pattern like 'com.example.Foo#bar(..)', got an empty text
            #bar                         | 0  | expected a class name before '#' in '#bar'
            com.Foo#                     | 8  | expected a method name after '#' in 'com.Foo#'
            com.Foo#(int)                | 8  | expected a method name after '#' in 'com.Foo#(int)'
            com.Foo#bar#baz              | 11 | unexpected second '#' in 'com.Foo#bar#baz'
            com..#bar                    | 5  | expected a class name after '..' in 'com..#bar'
            com.Foo.#bar                 | 8  | expected a name after '.' in class name in 'com.Foo.#bar'
            com.F-o#bar                  | 5  | unexpected '-' in class name (expected a Java name, '*', '.' or '..') in 'com.F-o#bar'
            com.Foo#ba-r                 | 10 | unexpected '-' in method name (expected a Java name, '*' or '<init>') in 'com.Foo#ba-r'
            com.Foo#<clinit>             | 8  | static initialisers ('<clinit>') cannot be matched in 'com.Foo#<clinit>'
            com.Foo#<foo>                | 8  | unexpected '<' in method name (expected a Java name, '*' or '<init>') in 'com.Foo#<foo>'
            com.Foo#bar(int              | 15 | expected ')' to close the parameter list in 'com.Foo#bar(int'
            com.Foo#bar(int) x           | 16 | unexpected text after ')' in 'com.Foo#bar(int) x'
            com.Foo#bar(int,)            | 16 | expected a parameter type before ')' in 'com.Foo#bar(int,)'
            com.Foo#bar(,int)            | 12 | expected a parameter type before ',' in 'com.Foo#bar(,int)'
            com.Foo#bar(int, , int)      | 17 | expected a parameter type before ',' in 'com.Foo#bar(int, , int)'
            com.Foo#bar(List<String>)    | 16 | unexpected '<': type arguments are not part of a method's signature; write the erased type 'List' in 'com.Foo#bar(List<String>)'
            com.Foo#bar(float[)          | 17 | unexpected '[' in parameter type (expected '[]' pairs after the name) in 'com.Foo#bar(float[)'
            com.Foo#bar([])              | 12 | expected a parameter type name before '[]' in 'com.Foo#bar([])'
            com.Foo#bar(String..., int)  | 18 | varargs '...' is only allowed on the last parameter in 'com.Foo#bar(String..., int)'
            com.Foo#bar(java.lang.)      | 22 | expected a name after '.' in parameter type in 'com.Foo#bar(java.lang.)'
            com.Foo#bar(a b)             | 13 | unexpected whitespace in parameter type (expected a Java name, '*', '[]' or '..') in 'com.Foo#bar(a b)'
            com.Foo#bar(int))            | 16 | unexpected text after ')' in 'com.Foo#bar(int))'
            """)
    void syntaxErrors(String pattern, int offset, String message) {
        MethodPatternException e = assertThrows(MethodPatternException.class, () -> MethodPattern.parse(pattern));
        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset(), "offset");
        assertEquals(pattern, e.pattern());
    }

    @Test
    void toStringIsTheOriginalTextAndEqualityIsByText() {
        String text = "com.example..*Controller#*(String, ..)";
        MethodPattern pattern = MethodPattern.parse(text);
        assertEquals(text, pattern.toString());
        assertEquals(MethodPattern.parse(text), pattern);
        assertEquals(MethodPattern.parse(text).hashCode(), pattern.hashCode());
        assertNotEquals(MethodPattern.parse("a.B#c(..)"), MethodPattern.parse("a.B#c"));
        assertEquals("com.example..*Controller", pattern.classPattern().toString());
    }

    @Test
    void surroundingWhitespaceIsToleratedAndOffsetsStayInTheOriginalText() {
        assertTrue(MethodPattern.parse("  a.B#c(int)  ").matchesMethod("c", List.of("int")));
        assertEquals(9, assertThrows(MethodPatternException.class, () -> MethodPattern.parse("  a.B#c(x-y)")).offset());
    }

    @Test
    void constructorsOnlyWhenNamed() {
        assertTrue(MethodPattern.parse("a.B#<init>").selectsConstructors());
        assertFalse(MethodPattern.parse("a.B#*").selectsConstructors());
    }

    /** The examples in docs/configuration.md. */
    @ParameterizedTest(name = "{0} ~ {1}#{2}({3}) -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            com.example.Foo#bar                            | com.example.Foo            | bar     | int                           | true
            com.example.Foo#bar                            | com.example.FooBar         | bar     | int                           | false
            com.example.Foo#bar()                          | com.example.Foo            | bar     | -                             | true
            com.example.Foo#bar()                          | com.example.Foo            | bar     | int                           | false
            com.example.model.MlpModel#score(float[])      | com.example.model.MlpModel | score   | float[]                       | true
            com.example.model.MlpModel#score(float[])      | com.example.model.MlpModel | score   | float[][]                     | false
            com.example.model.MlpModel#score(float[])      | com.example.model.MlpModel | score   | double[]                      | false
            com.example.*Service#get*(..)                  | com.example.UserService    | getUser | long                          | true
            com.example.*Service#get*(..)                  | com.example.web.UserService | getUser | long                         | false
            com.example..*Controller#*(..)                 | com.example.FooController  | handle  | -                             | true
            com.example..*Controller#*(..)                 | com.example.a.b.BarController | handle | -                          | true
            com.example..*Controller#*(..)                 | com.example.FooController  | <init>  | -                             | false
            ..*Repository#find*                            | org.x.UserRepository       | findAll | -                             | true
            com.example.EmbeddingService#embed(String)     | com.example.EmbeddingService | embed | java.lang.String              | true
            com.example.EmbeddingService#embed(String)     | com.example.EmbeddingService | embed | java.lang.CharSequence        | false
            com.example.Cache#put(java.lang.String, *)     | com.example.Cache          | put     | java.lang.String;java.lang.Object | true
            com.example.Cache#put(java.lang.String, *)     | com.example.Cache          | put     | java.lang.String;int[]        | true
            com.example.Cache#put(java.lang.String, *)     | com.example.Cache          | put     | java.lang.String              | false
            com.example.Log#log(String, ..)                | com.example.Log            | log     | java.lang.String              | true
            com.example.Log#log(String, ..)                | com.example.Log            | log     | java.lang.String;java.lang.Object[] | true
            com.example.Log#log(String, ..)                | com.example.Log            | log     | java.lang.String;int;int      | true
            com.example.Log#log(String, ..)                | com.example.Log            | log     | int;java.lang.String          | false
            com.example.Feed#on(Map$Entry)                 | com.example.Feed           | on      | java.util.Map$Entry           | true
            com.example.Feed#on(Map$Entry)                 | com.example.Feed           | on      | java.util.Map                 | false
            com.example.Outer$Inner#run()                  | com.example.Outer$Inner    | run     | -                             | true
            com.example.Outer$Inner#run()                  | com.example.Outer          | run     | -                             | false
            com.example.Client#<init>(..)                  | com.example.Client         | <init>  | java.lang.String              | true
            com.example.Client#<init>(..)                  | com.example.Client         | connect | -                             | false
            """)
    void documentedExamples(String pattern, String type, String method, String params, boolean expected) {
        MethodPattern parsed = MethodPattern.parse(pattern);
        List<String> types = params.equals("-") ? List.of() : Arrays.asList(params.split(";"));
        assertEquals(expected, parsed.matchesType(type) && parsed.matchesMethod(method, types));
    }

    @Test
    void matchingDoesNotAllocate() {
        if (!(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean)) {
            return; // not HotSpot: nothing to measure with
        }
        ThreadMXBean hotspot = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        MethodPattern pattern = MethodPattern.parse("com.example..*Controller#handle*(String, .., int[])");
        List<String> params = List.of("java.lang.String", "long", "long", "int[]");
        String[] names = {"com.example.a.b.FooController", "com.example.FooService", "org.other.Thing", "java.lang.String"};
        int hits = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            hits += pattern.matchesType(names[warm & 3]) && pattern.matchesMethod("handleGet", params) ? 1 : 0;
        }
        long before = hotspot.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            hits += pattern.matchesType(names[i & 3]) && pattern.matchesMethod("handleGet", params) ? 1 : 0;
        }
        long allocated = hotspot.getCurrentThreadAllocatedBytes() - before;
        assertEquals(30_000, hits);
        assertTrue(allocated < 4_096, "matching allocated " + allocated + " bytes in 100k calls");
    }

    // --- Byte Buddy descriptions -------------------------------------------------------------

    @Test
    void matchesByteBuddyMethods() {
        assertEquals(List.of("score"), matching(FIXTURE + "#score(float[])"));
        assertEquals(List.of("scoreBatch"), matching(FIXTURE + "#score*(float[][])"));
        assertEquals(List.of("entries"), matching(FIXTURE + "#*(Map$Entry, java.util.Map, int...)"));
        assertEquals(List.of("entries"), matching(FIXTURE + "#*(Entry, Map, int[])"));
        assertEquals(List.of("generic"), matching(FIXTURE + "#generic(CharSequence, Object)"));
        assertEquals(List.of("nested"), matching(FIXTURE + "#nested(MethodPatternTest$Fixture)"));
        assertEquals(List.of("nested"), matching(FIXTURE + "#nested(Fixture)"));
        assertEquals(List.of("nested"), matching(FIXTURE + "#nested(dev.perfagent..*$Fixture)"));
        assertEquals(List.of("compareTo"), matching(FIXTURE + "#compareTo"));
        assertEquals(List.of(), matching("other.Type#score(float[])"));
    }

    @Test
    void starSkipsConstructorsAbstractNativeBridgeAndSyntheticMethods() {
        assertEquals(
                List.of("compareTo", "entries", "generic", "lambda", "nested", "score", "scoreBatch", "staticMethod"),
                matching("dev.perfagent..MethodPatternTest$Fixture#*"));
    }

    @Test
    void constructorsMatchOnlyThroughInit() {
        assertEquals(List.of("<init>", "<init>"), matching(FIXTURE + "#<init>"));
        assertEquals(List.of("<init>"), matching(FIXTURE + "#<init>(String)"));
    }

    @Test
    void typeInitializerNeverMatches() {
        TypeDescription type = TypeDescription.ForLoadedType.of(Fixture.class);
        MethodDescription clinit = new MethodDescription.Latent.TypeInitializer(type);
        assertFalse(MethodPattern.parse(FIXTURE + "#*").matches(clinit));
        assertFalse(MethodPattern.parse(FIXTURE + "#*(..)").matches(clinit));
        assertFalse(MethodPattern.parse(FIXTURE + "#<init>").matches(clinit));
    }

    @Test
    void typeMatcherUsesBinaryNames() {
        MethodPattern pattern = MethodPattern.parse("dev.perfagent..*Test$Fixture#*");
        assertTrue(pattern.typeMatcher().matches(TypeDescription.ForLoadedType.of(Fixture.class)));
        assertFalse(pattern.typeMatcher().matches(TypeDescription.ForLoadedType.of(MethodPatternTest.class)));
        assertFalse(pattern.typeMatcher().matches(TypeDescription.ForLoadedType.of(Fixture[].class)));
        assertFalse(pattern.typeMatcher().matches(null));
        assertTrue(pattern.typeMatcher().and(ElementMatchers.isAbstract())
                .matches(TypeDescription.ForLoadedType.of(Fixture.class)));
    }

    @Test
    void methodMatcherAgreesWithMatches() {
        MethodPattern pattern = MethodPattern.parse(FIXTURE + "#score*");
        TypeDescription type = TypeDescription.ForLoadedType.of(Fixture.class);
        for (MethodDescription method : type.getDeclaredMethods()) {
            assertEquals(pattern.matches(method), pattern.methodMatcher().matches(method), method.toString());
        }
        assertEquals(List.of("score", "scoreBatch"),
                type.getDeclaredMethods().filter(pattern.methodMatcher()).stream()
                        .map(MethodDescription::getInternalName).sorted().collect(Collectors.toList()));
    }

    private static List<String> matching(String text) {
        MethodPattern pattern = MethodPattern.parse(text);
        return TypeDescription.ForLoadedType.of(Fixture.class).getDeclaredMethods().stream()
                .filter(pattern::matches)
                .map(MethodDescription::getInternalName)
                .sorted()
                .collect(Collectors.toList());
    }

    /** Declares one of each kind of method the matcher must tell apart. */
    @SuppressWarnings("unused")
    abstract static class Fixture implements Comparable<Fixture> {
        static final Object STATIC_STATE = new Object(); // gives the class a <clinit>

        Fixture() {
        }

        Fixture(String name) {
        }

        abstract void abstractMethod();

        native void nativeMethod();

        static void staticMethod() {
        }

        String score(float[] input) {
            return "";
        }

        float[][] scoreBatch(float[][] inputs) {
            return inputs;
        }

        void entries(Map.Entry<String, Integer> entry, Map<String, List<String>> map, int... values) {
        }

        <T extends CharSequence> void generic(T text, Object other) {
        }

        void nested(Fixture other) {
        }

        Runnable lambda() {
            return () -> System.out.println(this); // compiles to a synthetic lambda$... method
        }

        @Override
        public int compareTo(Fixture other) { // javac adds a bridge compareTo(Object)
            return 0;
        }
    }
}
