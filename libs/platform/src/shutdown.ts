/** Closes everything once on SIGINT/SIGTERM, in order (apps before the store they use), then exits. */
export function closeOnSignal(closers: ReadonlyArray<() => Promise<unknown>>): void {
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    for (const close of closers) await close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
