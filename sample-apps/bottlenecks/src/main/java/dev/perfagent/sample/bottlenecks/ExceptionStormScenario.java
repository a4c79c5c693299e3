package dev.perfagent.sample.bottlenecks;

/**
 * {@code exception-storm}: each request parses the {@value #LINES_PER_ORDER} quantities of one order with
 * {@link Parser#parseQuantity(String)}; seven in eight carry a unit, so nearly every parse throws and
 * catches a NumberFormatException.
 */
final class ExceptionStormScenario implements Scenario {
    static final int LINES_PER_ORDER = 8;
    private static final String[] ORDER = {"12 pcs", "3 kg", "250 g", "7", "1 box", "n/a", "40 ml", "2 x"};

    private final Parser parser = new Parser();
    // Written with every result so the JIT must compute it; racy on purpose.
    private int lastTotal;

    @Override
    public void request() {
        int total = 0;
        for (String line : ORDER) {
            total += parser.parseQuantity(line);
        }
        lastTotal = total;
    }
}
