package dev.perfagent.agent.layer.batch;

/** The adapter of a declared pair: every call of a receiver joins one queue, run through the batch form. */
final class ViaAdapter implements BatchAdapter {
    /** The one queue key: a declared pair merges any calls on the same receiver. */
    private static final Object ONE_QUEUE = "via";

    private final BatchForm form;

    ViaAdapter(BatchForm form) {
        this.form = form;
    }

    @Override
    public Object queueKey(Object self, Object[] args) {
        return ONE_QUEUE;
    }

    @Override
    public BatchFunction function(Object self, Object key) throws ReflectiveOperationException {
        return new ViaBatchFunction(self, form.resolve(self == null ? null : self.getClass()), form);
    }

    /** The rule names the batch form and declares the replicas: any receiver will do, unless the form is static. */
    @Override
    public boolean replicable() {
        return !form.isStatic();
    }

    @Override
    public String via() {
        return form.signature();
    }
}
