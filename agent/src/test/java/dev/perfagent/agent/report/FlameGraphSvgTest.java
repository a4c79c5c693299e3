package dev.perfagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class FlameGraphSvgTest {
    private static final Pattern FRAME = Pattern.compile(
            "<g><title>([^<]*) \\((\\d+) samples, ([0-9.]+)%\\)</title><rect x=\"([0-9.]+)\" y=\"(\\d+)\" width=\"([0-9.]+)\"");

    /** One drawn frame as read back from the SVG. */
    private record Frame(String title, long samples, double percent, double x, int y, double width) {
    }

    private static List<Frame> frames(String svg) {
        List<Frame> frames = new ArrayList<>();
        Matcher m = FRAME.matcher(svg);
        while (m.find()) {
            frames.add(new Frame(m.group(1), Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Integer.parseInt(m.group(5)), Double.parseDouble(m.group(6))));
        }
        return frames;
    }

    private static Frame frame(List<Frame> frames, String title) {
        return frames.stream().filter(f -> f.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no frame " + title + " in " + frames));
    }

    private static FrameTree tree(String collapsed) {
        return FrameTree.fromCollapsed(collapsed, UnaryOperator.identity());
    }

    @Test
    void widthsFollowSamplesAndCalleesSitUnderTheirCallers() {
        FlameGraphSvg.Drawing drawing = new FlameGraphSvg(0, 100).render(tree("main;a;b 6\nmain;a;c 2\nmain;d 4\n"));
        List<Frame> frames = frames(drawing.svg());
        assertEquals(6, drawing.frames());
        assertEquals(6, frames.size());
        assertEquals(0, drawing.leftOut());
        Frame all = frame(frames, "all");
        assertEquals(new Frame("all", 12, 100.0, 0, 0, FlameGraphSvg.WIDTH), all);
        Frame main = frame(frames, "main");
        assertEquals(FlameGraphSvg.ROW, main.y());
        assertEquals(FlameGraphSvg.WIDTH, main.width(), 0.05);
        Frame a = frame(frames, "a");
        Frame d = frame(frames, "d");
        assertEquals(800.0, a.width(), 0.05);
        assertEquals(400.0, d.width(), 0.05);
        assertEquals(0.0, a.x(), 0.05);
        assertEquals(800.0, d.x(), 0.05, "d follows a, side by side under main");
        Frame b = frame(frames, "b");
        Frame c = frame(frames, "c");
        assertEquals(3 * FlameGraphSvg.ROW, b.y());
        assertEquals(600.0, b.width(), 0.05);
        assertEquals(600.0, c.x(), 0.05);
        assertEquals(200.0, c.width(), 0.05);
        assertEquals(16.67, c.percent(), 0.01);
        assertTrue(drawing.svg().contains("viewBox=\"0 0 1200 64\""), drawing.svg());
    }

    @Test
    void frameNamesAreEscapedAndTheSvgIsWellFormedXml() throws Exception {
        String svg = new FlameGraphSvg(0, 100).render(tree("a/Box<T>.<init>;a/B&Co.\"q\" 3\n")).svg();
        assertTrue(svg.contains("<title>a/Box&lt;T&gt;.&lt;init&gt; (3 samples"), svg);
        assertTrue(svg.contains("a/B&amp;Co.&quot;q&quot;"), svg);
        assertFalse(svg.contains("<init>"), svg);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void framesUnderTheMinimumShareAreLeftOutWithTheirCallees() {
        StringBuilder collapsed = new StringBuilder("main;big 10000\n");
        for (int i = 0; i < 50; i++) {
            collapsed.append("main;tiny").append(i).append(";deeper 1\n");
        }
        FlameGraphSvg.Drawing drawing = new FlameGraphSvg(0.001, 10_000).render(tree(collapsed.toString()));
        List<Frame> frames = frames(drawing.svg());
        assertEquals(List.of("all", "main", "big"), frames.stream().map(Frame::title).toList());
        assertEquals(50, drawing.leftOut());
        // The narrow frames' samples still count: main is as wide as everything.
        assertEquals(10_050, frame(frames, "main").samples());
    }

    @Test
    void atMostMaxFramesAreDrawnShallowestFirst() {
        StringBuilder collapsed = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            collapsed.append("main;f").append(i).append(";g").append(i).append(" 10\n");
        }
        FlameGraphSvg.Drawing drawing = new FlameGraphSvg(0, 30).render(tree(collapsed.toString()));
        List<Frame> frames = frames(drawing.svg());
        assertEquals(30, drawing.frames());
        assertEquals(30, frames.size());
        // all, main and f0..f27 drawn; f28..f39 and g0..g27 left out (each with its callees, counted once).
        assertEquals(12 + 28, drawing.leftOut());
        assertTrue(frames.stream().noneMatch(f -> f.title().startsWith("g")), "callees wait for every caller row");
    }

    @Test
    void aBigProfileStaysAFewHundredKilobytes() {
        StringBuilder collapsed = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            collapsed.append("root;p").append(i % 300).append(";q").append(i % 97).append(";r").append(i)
                    .append(' ').append(1 + i % 5).append('\n');
        }
        FlameGraphSvg.Drawing drawing = FlameGraphSvg.standard().render(tree(collapsed.toString()));
        assertTrue(drawing.frames() <= 2000, "frames: " + drawing.frames());
        assertTrue(drawing.svg().length() < 600_000, "size: " + drawing.svg().length());
        assertTrue(drawing.leftOut() > 0);
    }

    @Test
    void anEmptyProfileDrawsNothing() {
        assertEquals(new FlameGraphSvg.Drawing("", 0, 0), FlameGraphSvg.standard().render(tree("")));
        assertThrows(IllegalArgumentException.class, () -> new FlameGraphSvg(1, 10));
        assertThrows(IllegalArgumentException.class, () -> new FlameGraphSvg(0, 0));
    }
}
