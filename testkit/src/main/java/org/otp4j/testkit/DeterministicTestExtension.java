package org.otp4j.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs a {@link DeterministicTest}: resolves its {@link TestNode} parameter and replaces the single
 * invocation by an {@link Explorer} run that calls the method once per schedule.
 */
public final class DeterministicTestExtension implements ParameterResolver, InvocationInterceptor {

    /** Creates the extension (JUnit does). */
    public DeterministicTestExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() != TestNode.class) {
            return false;
        }
        if (!(parameter.getDeclaringExecutable() instanceof Method m)
                || !m.isAnnotationPresent(DeterministicTest.class)) {
            throw new ParameterResolutionException("a TestNode is made per schedule and can only be a parameter of the"
                    + " @DeterministicTest method itself, not of " + parameter.getDeclaringExecutable()
                    + " (a constructor or a lifecycle method)");
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestNode.PLACEHOLDER; // replaced by each schedule's node in interceptTestMethod
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        Method method = call.getExecutable();
        DeterministicTest config = method.getAnnotation(DeterministicTest.class);
        if (config == null) {
            invocation.proceed();
            return;
        }
        Explorer explorer = explorer(config, context.getRequiredTestClass().getSimpleName() + "." + method.getName());
        Object target = call.getTarget().orElse(null);
        List<Object> arguments = call.getArguments();
        invocation.skip();
        method.setAccessible(true);
        Explorer.Result result = explorer.explore(node -> {
            Object[] args = arguments.toArray();
            for (int i = 0; i < args.length; i++) {
                if (args[i] == TestNode.PLACEHOLDER) {
                    args[i] = node;
                }
            }
            try {
                method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw rethrow(e.getCause());
            }
        });
        System.out.println(result.summary());
        result.assertPassed();
    }

    private static Exception rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof Exception e ? e : new RuntimeException(t);
    }

    static Explorer explorer(DeterministicTest config, String name) {
        try {
            Explorer.Builder b = Explorer.builder()
                    .name(name)
                    .schedules(config.schedules())
                    .strategy(config.strategy())
                    .maxSteps(config.maxSteps())
                    .faultRate(config.faultRate())
                    .timeBudget(Duration.ofSeconds(config.timeBudgetSeconds()))
                    .timeRaces(config.timeRaces())
                    .replay(config.replay());
            if (config.pctDepth() != 3) {
                b.pctDepth(config.pctDepth());
            }
            if (!config.seed().isBlank()) {
                b.seed(Explorer.parseSeed(config.seed().trim()));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@DeterministicTest on " + name + ": " + e.getMessage(), e);
        }
    }
}
