package dev.perfagent.agent.layer.batch.onnx;

import dev.perfagent.agent.layer.batch.BatchFormException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Where the arguments of one {@code OrtSession#run} overload sit. ONNX Runtime 1.22 has seven overloads, all
 * made of the same four parts in this order: the inputs ({@code Map<String, ? extends OnnxTensorLike>}),
 * optionally the requested output names ({@code Set<String>}), the pinned outputs ({@code Map<String, ? extends
 * OnnxValue>}) and the {@code RunOptions}.
 *
 * @param inputs  index of the inputs map (always 0)
 * @param outputs index of the requested output names, or -1: all outputs
 * @param pinned  index of the pinned outputs, or -1: none
 * @param options index of the run options, or -1: none
 */
record RunParameters(int inputs, int outputs, int pinned, int options) {
    static final String RUN_OPTIONS = OnnxRunAdapters.SESSION + "$RunOptions";
    static final String RESULT = OnnxRunAdapters.SESSION + "$Result";

    /**
     * The layout of {@code method}, checked part by part.
     *
     * @throws BatchFormException when it is not an overload this adapter knows
     */
    static RunParameters of(MethodDescription method) throws BatchFormException {
        List<TypeDescription> types = method.getParameters().asTypeList().asErasures();
        if (types.isEmpty() || !types.get(0).represents(Map.class)
                || !method.getReturnType().asErasure().getName().equals(RESULT)) {
            throw unknown(method);
        }
        int outputs = -1;
        int pinned = -1;
        int options = -1;
        for (int i = 1; i < types.size(); i++) {
            TypeDescription type = types.get(i);
            if (type.represents(Set.class) && outputs < 0 && pinned < 0 && options < 0) {
                outputs = i;
            } else if (type.represents(Map.class) && pinned < 0 && options < 0) {
                pinned = i;
            } else if (type.getName().equals(RUN_OPTIONS) && options < 0) {
                options = i;
            } else {
                throw unknown(method);
            }
        }
        return new RunParameters(0, outputs, pinned, options);
    }

    private static BatchFormException unknown(MethodDescription method) {
        return new BatchFormException("perf-agent's ONNX Runtime adapter does not know the overload "
                + method.toGenericString() + "; name a batch form with 'via' or match another run overload");
    }

    /** The inputs map of a call. */
    Object inputsOf(Object[] args) {
        return args[inputs];
    }

    /** The requested output names of a call; null when the overload has none (all outputs). */
    Object outputsOf(Object[] args) {
        return outputs < 0 ? null : args[outputs];
    }

    /** The pinned outputs of a call; null when the overload has none. */
    Object pinnedOf(Object[] args) {
        return pinned < 0 ? null : args[pinned];
    }

    /** The run options of a call; null when the overload has none or the caller passed none. */
    Object optionsOf(Object[] args) {
        return options < 0 ? null : args[options];
    }
}
