package dev.perfagent.agent.config;

import java.util.List;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the top level of a config document, handing each section to its parser. */
final class AgentConfigParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("service")
            .value("enabled")
            .section("log", LogSectionParser.SCHEMA)
            .section("export", ExportSectionParser.SCHEMA)
            .section("weave", WeaveSectionParser.SCHEMA)
            .value("reload")
            .value("reload-interval")
            .sectionList(RulesSectionParser.KEY, RuleParser.SCHEMA)
            .section("profiling", ProfilingSectionParser.SCHEMA)
            .section("gpu", GpuSectionParser.SCHEMA)
            .section("report", ReportSectionParser.SCHEMA)
            .build();

    private AgentConfigParser() {
    }

    /**
     * Reads the document, or only defaults and overrides when {@code document} is null, then
     * reports overrides that named no key.
     */
    static AgentConfig parse(ParseContext context, Node document, String source) {
        MappingReader root = MappingReader.read(context, SCHEMA, "", "", document);
        AgentConfig defaults = AgentConfig.defaults();
        String service = root.value("service", ValueType.NAME).orElse(defaults.service());
        boolean enabled = root.value("enabled", ValueType.BOOLEAN).orElse(defaults.enabled());
        LogConfig log = LogSectionParser.parse(root.section("log"));
        ExportConfig export = ExportSectionParser.parse(root.section("export"));
        WeaveConfig weave = WeaveSectionParser.parse(root.section("weave"));
        ReloadConfig reload = new ReloadConfig(
                root.value("reload", ValueType.BOOLEAN).orElse(defaults.reload().enabled()),
                root.value("reload-interval", ValueType.POSITIVE_DURATION).orElse(defaults.reload().interval()));
        ProfilingConfig profiling = ProfilingSectionParser.parse(root.section("profiling"), root.inFile("profiling"));
        GpuConfig gpu = GpuSectionParser.parse(root.section("gpu"));
        ReportConfig report = ReportSectionParser.parse(root.section("report"));
        List<RuleConfig> rules = RulesSectionParser.parse(root);
        List<String> ruleNames = rules.stream().map(RuleConfig::name).collect(Collectors.toList());
        for (ConfigProblem problem : context.overrides().unusedProperties(ruleNames)) {
            context.report(problem.location(), problem.key(), problem.message());
        }
        return new AgentConfig(service, enabled, log, export, weave, reload, rules, source, profiling, gpu, report);
    }
}
