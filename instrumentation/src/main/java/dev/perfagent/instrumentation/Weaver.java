package dev.perfagent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs perf-agent's advice with a Byte Buddy {@link AgentBuilder} and takes it out again.
 *
 * <p>One code path for start-up and attach: retransformation with class format changes disabled and
 * advice only, so every woven class can be restored to its original bytes by {@link #reset()}.
 * Types are described from class files (pool only), never by loading them, and the agent's own
 * packages, JDK internals, other agents and lambdas are never touched.
 */
public final class Weaver {

    /** Class-name prefixes never woven: the JDK, perf-agent itself, Byte Buddy, other agents. */
    static final List<String> IGNORED_PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "dev.perfagent.agent.", "dev.perfagent.bootstrap.", "dev.perfagent.instrumentation.",
            "dev.perfagent.export.", "dev.perfagent.gpu.", "dev.perfagent.shaded.",
            "net.bytebuddy.", "io.opentelemetry.javaagent.", "co.elastic.apm.agent.", "datadog.",
            "com.datadog.", "com.newrelic.", "org.glowroot.", "one.profiler.");

    /** The nested jar of the bootstrap classes, a hidden resource of perf-agent.jar. */
    static final String BOOTSTRAP_JAR = "bootstrap.jar";

    private final Instrumentation instrumentation;
    private final WeaveSettings settings;
    private final ResettableClassFileTransformer transformer;

    private Weaver(Instrumentation instrumentation, WeaveSettings settings, ResettableClassFileTransformer transformer) {
        this.instrumentation = instrumentation;
        this.settings = settings;
        this.transformer = transformer;
    }

    /**
     * Installs the advice for every method {@code selector} picks, in classes loaded from now on and,
     * by retransformation, in classes already loaded.
     */
    public static Weaver install(Instrumentation inst, MethodSelector selector, WeaveSettings settings,
                                 WeaveListener listener) {
        // Byte Buddy's Nexus would be injected into the host's system class loader (a class of ours the
        // host could see) and needs Unsafe, which JDK 24+ warns about; advice-only weaving never uses it.
        // The property name is relocated with Byte Buddy, so it only affects perf-agent's own copy.
        System.setProperty(Nexus.PROPERTY, "true");
        AdviceTemplates advice = AdviceTemplates.load();
        advice.warmUp();
        ResettableClassFileTransformer transformer = new AgentBuilder.Default(
                        new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new Listener(listener))
                .with((AgentBuilder.TransformerDecorator) raw -> ResettableClassFileTransformer.WithDelegation
                        .of(raw, new TransformClock(listener)))
                .with(RedefinitionStrategy.RETRANSFORMATION)
                .with(RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(settings.batchSize()))
                .with(RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(pausing(settings))
                .ignore(ignoredTypes())
                .or(any(), loader -> loader != null && isAgentLoader(loader))
                // The name test first: it needs no class file, so proxies and other generated classes
                // without one are never described.
                .type(type -> selector.wantsType(type.getName()) && !type.isSynthetic() && !type.isAnnotation())
                .transform(new SiteTransformer(selector, advice))
                // Once registered, the transformer runs on every thread that defines a class. Had it still
                // to load its own classes then, a thread of another agent holding its loader's lock could
                // deadlock with ours (seen with the OpenTelemetry agent on JDK 25): load them all now.
                .warmUp(WarmUpTarget.class)
                .installOn(inst);
        return new Weaver(inst, settings, transformer);
    }

    /**
     * Removes the transformer and restores every woven class to its original bytecode.
     *
     * @return true if the transformer was still installed
     */
    public boolean reset() {
        return transformer.reset(instrumentation, RedefinitionStrategy.RETRANSFORMATION,
                RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE,
                RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(settings.batchSize()),
                pausing(settings));
    }

    private static RedefinitionStrategy.Listener pausing(WeaveSettings settings) {
        long nanos = settings.pause().toNanos();
        return nanos == 0 ? RedefinitionStrategy.Listener.NoOp.INSTANCE
                : RedefinitionStrategy.Listener.Pausing.of(nanos, TimeUnit.NANOSECONDS);
    }

    private static ElementMatcher.Junction<TypeDescription> ignoredTypes() {
        ElementMatcher.Junction<TypeDescription> ignored = nameContains("$$Lambda")
                .or(nameContains("$$EnhancerBy")).or(nameContains("$ByteBuddy$"));
        for (String prefix : IGNORED_PREFIXES) {
            ignored = ignored.or(nameStartsWith(prefix));
        }
        return ignored;
    }

    /** True for perf-agent's own class loader: nothing it loads is ever woven. */
    static boolean isAgentLoader(ClassLoader loader) {
        return "dev.perfagent.agent.AgentClassLoader".equals(loader.getClass().getName());
    }

    /** Weaves each selected method of one type with the advice bound to its site id. */
    private static final class SiteTransformer implements AgentBuilder.Transformer {
        private final MethodSelector selector;
        private final AdviceTemplates advice;

        SiteTransformer(MethodSelector selector, AdviceTemplates advice) {
            this.selector = selector;
            this.advice = advice;
        }

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader, JavaModule module, ProtectionDomain domain) {
            for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
                if (method.isAbstract() || method.isNative() || method.isTypeInitializer()) {
                    continue;
                }
                int site = selector.siteFor(type, method, loader);
                if (site >= 0) {
                    Advice woven = method.isConstructor() ? advice.forConstructor(site)
                            : !selector.interceptsCalls(site) ? advice.forMethod(site)
                            : selector.passesValues(site) ? advice.forCall(site)
                            : advice.forValuelessCall(site);
                    builder = builder.visit(woven.on(is(method)));
                }
            }
            return builder;
        }
    }

    /**
     * The advice classes, described once from their class files so that each woven method only binds
     * its site id instead of re-reading the advice from the class loader.
     */
    private record AdviceTemplates(TypeDescription method, TypeDescription constructor, TypeDescription call,
                                   TypeDescription valuelessCall, ClassFileLocator locator) {
        static AdviceTemplates load() {
            ClassFileLocator locator = new ClassFileLocator.Compound(
                    classFile(TimingAdvice.class), classFile(ConstructorTimingAdvice.class), classFile(CallAdvice.class),
                    classFile(ValuelessCallAdvice.class),
                    bootstrapClassFiles(), ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader()));
            TypePool pool = TypePool.Default.of(locator);
            return new AdviceTemplates(pool.describe(TimingAdvice.class.getName()).resolve(),
                    pool.describe(ConstructorTimingAdvice.class.getName()).resolve(),
                    pool.describe(CallAdvice.class.getName()).resolve(),
                    pool.describe(ValuelessCallAdvice.class.getName()).resolve(), locator);
        }

        /** Weaves {@link WarmUpTarget} in memory (nothing is loaded or redefined) to load the advice machinery. */
        void warmUp() {
            new ByteBuddy().with(TypeValidation.DISABLED)
                    .redefine(WarmUpTarget.class, locatorOf(WarmUpTarget.class))
                    .visit(forMethod(0).on(net.bytebuddy.matcher.ElementMatchers.named("twice")))
                    .visit(forCall(0).on(net.bytebuddy.matcher.ElementMatchers.named("plus")))
                    .visit(forValuelessCall(0).on(net.bytebuddy.matcher.ElementMatchers.named("minus")))
                    .visit(forConstructor(0).on(net.bytebuddy.matcher.ElementMatchers.isConstructor()))
                    .make()
                    .getBytes();
        }

        Advice forMethod(int site) {
            return bound(site, method);
        }

        Advice forConstructor(int site) {
            return bound(site, constructor);
        }

        Advice forCall(int site) {
            return bound(site, call);
        }

        Advice forValuelessCall(int site) {
            return bound(site, valuelessCall);
        }

        private Advice bound(int site, TypeDescription template) {
            return Advice.withCustomMapping().bind(SiteId.class, site).to(template, locator);
        }

        /**
         * The class files of the bootstrap classes the advice names ({@code skipOn = Outcome.class}). In the
         * agent they were defined straight into the boot loader, which has no class files to read, so they
         * come from the nested {@code bootstrap.jar}; elsewhere (tests) they are on the class path.
         */
        private static ClassFileLocator bootstrapClassFiles() {
            Map<String, byte[]> classes = new HashMap<>();
            try (InputStream nested = Weaver.class.getClassLoader().getResourceAsStream(BOOTSTRAP_JAR)) {
                if (nested == null) {
                    return ClassFileLocator.NoOp.INSTANCE;
                }
                try (JarInputStream jar = new JarInputStream(nested)) {
                    for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                        String name = entry.getName();
                        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                            classes.put(name.substring(0, name.length() - 6).replace('/', '.'), jar.readAllBytes());
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + BOOTSTRAP_JAR, e);
            }
            return new ClassFileLocator.Simple(classes);
        }

        private static ClassFileLocator locatorOf(Class<?> type) {
            return new ClassFileLocator.Compound(classFile(type),
                    ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader()));
        }

        private static ClassFileLocator classFile(Class<?> type) {
            String resource = type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("class file of " + type.getName() + " not found");
                }
                return ClassFileLocator.Simple.of(type.getName(), in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the class file of " + type.getName(), e);
            }
        }
    }

    /** Measures the time the transformer takes for each class the JVM hands it: the agent's weave cost. */
    private static final class TransformClock implements ResettableClassFileTransformer.WithDelegation.Callback<long[]> {
        private final WeaveListener listener;

        TransformClock(WeaveListener listener) {
            this.listener = listener;
        }

        @Override
        public long[] onBeforeTransform(JavaModule module, ClassLoader loader, String name, Class<?> redefined,
                                        ProtectionDomain domain, byte[] classFile) {
            return new long[] {System.nanoTime()};
        }

        @Override
        public void onAfterTransform(long[] start, JavaModule module, ClassLoader loader, String name,
                                     Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
            listener.spent(System.nanoTime() - start[0]);
        }
    }

    /** Forwards Byte Buddy's events to the agent's listener. */
    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private final WeaveListener target;

        Listener(WeaveListener target) {
            this.target = target;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            target.woven(type.getName(), loaded);
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            target.failed(typeName, error);
        }
    }
}
