package dev.perfagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FrameTreeTest {

    private static List<String> names(FrameTree.Node node) {
        return node.children().stream().map(n -> n.frame() + "=" + n.samples()).collect(Collectors.toList());
    }

    private static FrameTree.Node child(FrameTree.Node node, String frame) {
        return node.children().stream().filter(n -> n.frame().equals(frame)).findFirst().orElseThrow();
    }

    @Test
    void stacksWithACommonPrefixMergeAndCarryTheirSamplesUp() {
        FrameTree tree = FrameTree.fromCollapsed("main;a;b 5\nmain;a;c 3\nmain;d 2\nother 1\n", UnaryOperator.identity());
        assertEquals(11, tree.total());
        assertEquals(List.of("main=10", "other=1"), names(tree.root()));
        FrameTree.Node main = child(tree.root(), "main");
        assertEquals(List.of("a=8", "d=2"), names(main));
        assertEquals(List.of("b=5", "c=3"), names(child(main, "a")));
    }

    @Test
    void linesWithoutACountAreSkippedAndFramesMayHoldSpaces() {
        FrameTree tree = FrameTree.fromCollapsed("\nno count here\nmain;operator new(unsigned long) 4\n;;\n 7\nx 0\n",
                UnaryOperator.identity());
        assertEquals(4, tree.total());
        assertEquals(List.of("operator new(unsigned long)=4"), names(child(tree.root(), "main")));
    }

    @Test
    void javaFramesAreLabelledAsTheRecommendationsNameMethodsAndThenMerge() {
        FrameTree tree = FrameTree.fromCollapsed("java/lang/Thread.run_[j];a/HotLoop.checksum_[j] 3\n"
                + "java/lang/Thread.run_[j];a/HotLoop.checksum_[i] 2\nlibc.so.6;__write_[k] 1\n");
        assertEquals(List.of("java.lang.Thread#run=5", "libc.so.6=1"), names(tree.root()));
        assertEquals(List.of("a.HotLoop#checksum=5"), names(child(tree.root(), "java.lang.Thread#run")));
        assertEquals(List.of("__write=1"), names(child(tree.root(), "libc.so.6")));
    }

    @Test
    void aLibrarysPathIsLabelledAsTheLibraryNotAsAJavaMethod() {
        FrameTree tree = FrameTree.fromCollapsed("java/lang/Thread.run_[j];/usr/lib/x86_64-linux-gnu/libc.so.6 2\n"
                + "/tmp/jre25/lib/server/libjvm.so;/tmp/jre25/lib/server/libjvm.so 1\n");
        assertEquals(List.of("java.lang.Thread#run=2", "libjvm.so=1"), names(tree.root()));
        assertEquals(List.of("libc.so.6=2"), names(child(tree.root(), "java.lang.Thread#run")));
    }
}
