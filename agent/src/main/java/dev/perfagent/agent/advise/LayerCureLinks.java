package dev.perfagent.agent.advise;

import static dev.perfagent.agent.advise.FigureText.percent;
import static dev.perfagent.agent.advise.FigureText.round1;

import dev.perfagent.agent.advise.evidence.CpuProfile;
import dev.perfagent.agent.advise.evidence.SampledShare;
import dev.perfagent.export.report.Evidence;
import dev.perfagent.export.report.Recommendation;
import dev.perfagent.export.report.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ties a layer the agent could add (a cache, a batch) to the hot method it would relieve. The profile names
 * the symptom (a method that burns the CPU); the woven site's figures name the cure (its arguments repeat,
 * its calls could share a batch). When the hot method is the site's method, or lies on its heaviest call
 * path, the cure is the more useful finding: it takes the hot method's severity, carries the share of CPU
 * spent under the site's method as evidence, and is listed right before the hot method.
 */
final class LayerCureLinks {
    /** Site findings whose action removes calls of the method (or merges them), and so its CPU. */
    private static final Set<String> CURES = Set.of("cache-worthy", "batch-worthy");
    private static final String HOT_METHOD = "hot-method";
    /** How deep the heaviest callee path from the site's method is followed. */
    private static final int MAX_DEPTH = 8;

    private LayerCureLinks() {
    }

    /**
     * @param ranked the window's findings, in {@link Advisor#RANKING} order
     * @param cpu    the window's CPU profile
     * @return the findings with each linked cure escalated and moved before its hot method
     */
    static List<Recommendation> link(List<Recommendation> ranked, CpuProfile cpu) {
        List<Recommendation> out = new ArrayList<>(ranked);
        for (Recommendation cure : ranked) {
            if (!CURES.contains(cure.kind())) {
                continue;
            }
            String method = withoutParameters(cure.where());
            Set<String> path = heaviestPath(cpu, method);
            Recommendation hot = null;
            for (Recommendation r : out) {
                if (HOT_METHOD.equals(r.kind()) && path.contains(r.where())) {
                    hot = r;
                    break;
                }
            }
            if (hot == null) {
                continue;
            }
            out.remove(cure);
            out.add(out.indexOf(hot), escalated(cure, hot, cpu.totalShare(method)));
        }
        return out;
    }

    private static Recommendation escalated(Recommendation cure, Recommendation hot, SampledShare under) {
        Severity severity = cure.severity().compareTo(hot.severity()) >= 0 ? cure.severity() : hot.severity();
        List<Evidence> evidence = new ArrayList<>(cure.evidence());
        evidence.add(new Evidence("CPU in the method and its callees", round1(under.fraction() * 100), "%",
                round1(under.low() * 100), round1(under.high() * 100)));
        String action = cure.action() + " It is what makes " + hot.where() + " hot (" + percent(under.fraction())
                + " of CPU samples are under " + withoutParameters(cure.where()) + ").";
        return new Recommendation(cure.id(), cure.kind(), severity, cure.where(), evidence, action, cure.config(),
                cure.gain());
    }

    /** The method and its heaviest callee, that callee's heaviest, and so on. */
    private static Set<String> heaviestPath(CpuProfile cpu, String method) {
        Set<String> path = new HashSet<>();
        String at = method;
        for (int depth = 0; at != null && depth <= MAX_DEPTH && path.add(at); depth++) {
            Map.Entry<String, Long> next = cpu.hottestCallee(at);
            at = next == null ? null : next.getKey();
        }
        return path;
    }

    /** {@code a.B#m(int)} → {@code a.B#m}: sites carry parameters, profile frames do not. */
    static String withoutParameters(String where) {
        int paren = where.indexOf('(');
        return paren < 0 ? where : where.substring(0, paren);
    }
}
