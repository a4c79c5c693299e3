package dev.perfagent.sample.batch;

/**
 * {@code java -jar batch-app.jar [--threads N] [--calls N] [--poison-rate P] [--rounds N|forever]}: runs
 * rounds of concurrent calls and prints one JSON line per round with what the callers got and how large
 * the model's batches were. Exits 1 when any caller got something other than its own result.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = 64;
        int calls = 200;
        double poisonRate = 0.05;
        long rounds = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(value);
                case "--calls" -> calls = Integer.parseInt(value);
                case "--poison-rate" -> poisonRate = Double.parseDouble(value);
                case "--rounds" -> rounds = value.equals("forever") ? Long.MAX_VALUE : Long.parseLong(value);
                default -> {
                    System.err.println("unknown argument " + args[i]
                            + "; usage: [--threads N] [--calls N] [--poison-rate P] [--rounds N|forever]");
                    System.exit(2);
                }
            }
            i++;
        }
        System.out.println("batch-app pid " + ProcessHandle.current().pid());
        Scorer scorer = new Scorer();
        Labeler labeler = new Labeler();
        boolean allRight = true;
        for (long r = 1; r <= rounds; r++) {
            scorer.resetLargest();
            long batchesBefore = scorer.batchCalls();
            Round round = new Round(scorer, labeler, threads, calls, poisonRate, r);
            round.run();
            allRight &= round.wrong.get() == 0;
            System.out.println("{\"round\":" + r + ",\"calls\":" + (long) threads * calls + ",\"ok\":" + round.ok
                    + ",\"poisoned\":" + round.poisoned + ",\"wrong\":" + round.wrong
                    + ",\"batchCalls\":" + (scorer.batchCalls() - batchesBefore)
                    + ",\"largestBatch\":" + scorer.largestBatch()
                    + ",\"largestListBatch\":" + labeler.largestBatch()
                    + ",\"firstWrong\":\"" + String.join(" | ", round.firstWrong).replace("\"", "'") + "\"}");
            System.out.flush();
        }
        System.exit(allRight ? 0 : 1);
    }
}
