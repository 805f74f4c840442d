/** Runs async sections one at a time, in call order. A failed section does not block the next. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  runExclusive<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    // The caller receives the section's failure through `result`; the queue only needs to know it ended.
    this.tail = result.then(ended, ended);
    return result;
  }

  /** Resolves once every section queued so far has ended. */
  idle(): Promise<void> {
    return this.tail;
  }
}

function ended(): void {}
