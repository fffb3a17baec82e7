/** Retries an assertion until it passes or the timeout expires; for effects that arrive through events. */
export async function eventually<T>(
  assertion: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
    }
  }
  throw lastError;
}
