package dev.perfagent.agent.report;

import dev.perfagent.agent.profile.CollapsedText;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Collapsed stacks merged by prefix, as a flame graph draws them: one node per distinct path from the root,
 * holding the samples of every stack that passes through it. Children are kept in name order, so the same
 * profile always lays out the same way.
 */
public final class FrameTree {

    /** One frame on one path: its label, its samples (its own and its callees'), and its callees. */
    public static final class Node {
        private final String frame;
        private final Map<String, Node> children = new TreeMap<>();
        private long samples;

        private Node(String frame) {
            this.frame = frame;
        }

        /** The frame's label. */
        public String frame() {
            return frame;
        }

        /** Samples of the stacks through this node. */
        public long samples() {
            return samples;
        }

        /** The frames called from here, in name order. */
        public Collection<Node> children() {
            return children.values();
        }
    }

    private final Node root = new Node("all");

    private FrameTree() {
    }

    /**
     * Merges the stacks of {@code collapsed} ({@code root;...;leaf count} per line), each frame first turned
     * into its label by {@code label}; frames that get the same label on the same path merge.
     */
    public static FrameTree fromCollapsed(String collapsed, UnaryOperator<String> label) {
        FrameTree tree = new FrameTree();
        CollapsedText.forEachStack(collapsed, (frames, count) -> {
            Node node = tree.root;
            node.samples += count;
            for (String frame : frames.split(";")) {
                if (frame.isEmpty()) {
                    continue;
                }
                node = node.children.computeIfAbsent(label.apply(frame), Node::new);
                node.samples += count;
            }
        });
        return tree;
    }

    /** The stacks of {@code collapsed} with frames labelled as the report shows them ({@link FrameLabel}). */
    public static FrameTree fromCollapsed(String collapsed) {
        return fromCollapsed(collapsed, FrameLabel::of);
    }

    /** The root, {@code all}, whose samples are every stack's. */
    public Node root() {
        return root;
    }

    /** Samples of every stack. */
    public long total() {
        return root.samples;
    }
}
