package dev.perfagent.agent.report;

import static dev.perfagent.agent.advise.print.RecommendationHtml.escape;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Draws a {@link FrameTree} as an icicle graph in inline SVG, on the server, so a report page needs no
 * script: the root on top, each callee under its caller, widths in proportion to samples, one
 * {@code <title>} tooltip per frame with its name, samples and share of the total.
 *
 * <p>A big profile would make a page of megabytes, so frames narrower than {@code minShare} of the total
 * are left out with their callees, and at most {@code maxFrames} frames are drawn, the shallowest first (a
 * caller is always drawn before its callees, so no frame floats without its parent).
 */
public final class FlameGraphSvg {
    /** Width of the drawing in SVG units; the page scales it to fit. */
    static final int WIDTH = 1200;
    /** Height of one row of frames. */
    static final int ROW = 16;
    /** Approximate width of one character of the 11-unit monospace labels. */
    private static final double CHAR_WIDTH = 6.7;

    /**
     * What was drawn.
     *
     * @param svg the {@code <svg>} element, or {@code ""} for an empty profile
     * @param frames how many frames it holds
     * @param leftOut how many frames were left out, each counted once for itself and its callees
     */
    public record Drawing(String svg, int frames, int leftOut) {
    }

    private final double minShare;
    private final int maxFrames;

    /**
     * @param minShare frames with a smaller share of the total samples are left out, e.g. 0.001 for 0.1%
     * @param maxFrames the most frames drawn
     */
    public FlameGraphSvg(double minShare, int maxFrames) {
        if (!(minShare >= 0 && minShare < 1) || maxFrames < 1) {
            throw new IllegalArgumentException("minShare in [0, 1) and maxFrames >= 1, got " + minShare + ", "
                    + maxFrames);
        }
        this.minShare = minShare;
        this.maxFrames = maxFrames;
    }

    /** Frames under 0.1% of the samples left out, at most 2000 drawn: a few hundred KB at worst. */
    public static FlameGraphSvg standard() {
        return new FlameGraphSvg(0.001, 2000);
    }

    /** One frame placed: its node, its left edge in samples from the root's, and its depth. */
    private record Placed(FrameTree.Node node, long offset, int depth) {
    }

    /** The tree drawn; an empty tree gives an empty drawing ({@code svg} is {@code ""}). */
    public Drawing render(FrameTree tree) {
        long total = tree.total();
        if (total <= 0) {
            return new Drawing("", 0, 0);
        }
        double perSample = (double) WIDTH / total;
        double minSamples = minShare * total;
        StringBuilder frames = new StringBuilder();
        int drawn = 0;
        int leftOut = 0;
        int deepest = 0;
        ArrayDeque<Placed> queue = new ArrayDeque<>();
        queue.add(new Placed(tree.root(), 0, 0));
        while (!queue.isEmpty()) {
            Placed p = queue.poll();
            if (drawn == maxFrames) {
                leftOut += 1 + queue.size();
                break;
            }
            frame(frames, p, total, perSample);
            drawn++;
            deepest = Math.max(deepest, p.depth());
            long offset = p.offset();
            for (FrameTree.Node child : p.node().children()) {
                if (child.samples() < minSamples) {
                    leftOut++;
                } else {
                    queue.add(new Placed(child, offset, p.depth() + 1));
                }
                offset += child.samples();
            }
        }
        int height = (deepest + 1) * ROW;
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flame\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" width=\"100%\" font-family=\"monospace\" font-size=\"11\">\n" + frames + "</svg>";
        return new Drawing(svg, drawn, leftOut);
    }

    private static void frame(StringBuilder out, Placed p, long total, double perSample) {
        FrameTree.Node node = p.node();
        double x = p.offset() * perSample;
        double width = node.samples() * perSample;
        int y = p.depth() * ROW;
        String label = escape(node.frame());
        out.append("<g><title>").append(label).append(" (").append(node.samples()).append(" samples, ")
                .append(String.format(Locale.ROOT, "%.2f%%", 100.0 * node.samples() / total))
                .append(")</title><rect x=\"").append(number(x)).append("\" y=\"").append(y)
                .append("\" width=\"").append(number(width)).append("\" height=\"").append(ROW - 1)
                .append("\" fill=\"").append(colour(node.frame())).append("\"/>");
        int fits = (int) ((width - 6) / CHAR_WIDTH);
        if (fits >= 3) {
            String text = node.frame().length() <= fits ? node.frame() : node.frame().substring(0, fits - 2) + "..";
            out.append("<text x=\"").append(number(x + 3)).append("\" y=\"").append(y + ROW - 4).append("\">")
                    .append(escape(text)).append("</text>");
        }
        out.append("</g>\n");
    }

    /** The classic warm palette, the shade fixed by the name so a frame keeps its colour between reports. */
    private static String colour(String frame) {
        int hash = frame.hashCode();
        int red = 205 + Math.floorMod(hash, 50);
        int green = Math.floorMod(hash >>> 8, 180);
        int blue = Math.floorMod(hash >>> 16, 55);
        return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
