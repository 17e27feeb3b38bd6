/**
 * Keeps `npm test` quiet: tests that run the action in process let it write its log to stdout, which is noise when
 * they pass and the evidence when they fail. `quietIt(it)` runs each test with stdout captured and puts what was
 * written into the error of a failing test, so the log shows up only then.
 */
type TestFn = (...args: unknown[]) => unknown;

/** `fn` with stdout captured while it runs; on failure the captured log is appended to the error. */
export function quiet(fn: TestFn): TestFn {
  return async (...args: unknown[]) => {
    const written: string[] = [];
    const real = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    try {
      await fn(...args);
    } catch (error) {
      if (error instanceof Error && written.length > 0) {
        error.message += `\n--- what the action wrote to stdout\n${written.join('')}`;
      }
      throw error;
    } finally {
      process.stdout.write = real;
    }
  };
}

/** `it` (and `it.each`) whose tests run `quiet`. */
export function quietIt<T extends object>(base: T): T {
  const each = (base as { each: (...table: unknown[]) => (name: string, fn: TestFn, timeout?: number) => void }).each;
  return new Proxy(base, {
    apply: (target, self, args: unknown[]) =>
      Reflect.apply(target as TestFn, self, [args[0], quiet(args[1] as TestFn), ...args.slice(2)]),
    get: (target, property) =>
      property === 'each'
        ? (...table: unknown[]) =>
            (name: string, fn: TestFn, timeout?: number) =>
              each.apply(target, table)(name, quiet(fn), timeout)
        : Reflect.get(target, property),
  });
}
