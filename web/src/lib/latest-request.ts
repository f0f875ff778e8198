/**
 * One request at a time: starting another aborts the one before, and the outcome of an aborted
 * request is dropped, so an answer that arrives late never overwrites a newer one.
 */
export class LatestRequest {
  #pending: AbortController | null = null;

  cancel(): void {
    this.#pending?.abort();
    this.#pending = null;
  }

  run<T>(
    request: (signal: AbortSignal) => Promise<T>,
    onResult: (value: T) => void,
    onError: (error: unknown) => void,
  ): void {
    this.cancel();
    const controller = new AbortController();
    this.#pending = controller;
    request(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) onResult(value);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) onError(error);
      },
    );
  }
}
