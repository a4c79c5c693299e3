package dev.perfagent.sample.inference;

/**
 * What every model of the service shares: its layer sizes, the check of each input against the first of them,
 * and the count of {@link #scoreBatch(float[][])} calls and their items. Subclasses compute; thread-safe as
 * far as this part goes.
 */
public abstract class LayeredModel implements ScoringModel {

  /** Layer sizes, input first; never changed after construction. */
  protected final int[] sizes;
  private final BatchCounter batches = new BatchCounter();

  /** @param sizes at least an input and an output size; copied */
  protected LayeredModel(int[] sizes) {
    this.sizes = sizes.clone();
  }

  /** @return a copy of the layer sizes, input first */
  @Override
  public final int[] layerSizes() {
    return sizes.clone();
  }

  /** @return the number of inputs one item must have */
  @Override
  public final int inputSize() {
    return sizes[0];
  }

  /** @return the number of outputs per item */
  @Override
  public final int outputSize() {
    return sizes[sizes.length - 1];
  }

  @Override
  public final long batchCalls() {
    return batches.calls();
  }

  @Override
  public final long batchedItems() {
    return batches.items();
  }

  /** Counts one {@code scoreBatch} call of {@code items} items. */
  protected final void countBatch(int items) {
    batches.count(items);
  }

  /**
   * @param inputs a batch of items
   * @throws IllegalArgumentException if it is null, or any item is null or not {@link #inputSize()} long
   */
  protected final void checkInputs(float[][] inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null");
    }
    for (int r = 0; r < inputs.length; r++) {
      checkInput(inputs[r], r);
    }
  }

  /**
   * @param input one item
   * @param index its place in the batch, for the message
   * @throws IllegalArgumentException if it is null or not {@link #inputSize()} long
   */
  protected final void checkInput(float[] input, int index) {
    if (input == null) {
      throw new IllegalArgumentException("input " + index + " is null");
    }
    if (input.length != sizes[0]) {
      throw new IllegalArgumentException("input " + index + " has " + input.length + " values, expected " + sizes[0]);
    }
  }
}
