/** A minimal Server-Sent Events reader over fetch, for tests and the benchmark. */
export type SseMessage = Readonly<{
  /** The message's own `id:` field, if it had one. */
  id: string | null;
  /** What a browser's EventSource would send as Last-Event-ID after this message: the last id seen so far. */
  lastEventId: string | null;
  event: string;
  data: string;
}>;

export type SseConnection = Readonly<{
  /** The next message matching `accept`, or a rejection after `timeoutMs`. */
  next: (accept: (message: SseMessage) => boolean, timeoutMs?: number) => Promise<SseMessage>;
  close: () => void;
}>;

export async function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`SSE connection failed: ${response.status}`);
  const queue: SseMessage[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let lastEventId: string | null = null;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line.includes(':')) continue;
            const at = line.indexOf(':');
            fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
          }
          const id = fields.get('id') ?? null;
          if (id !== null) lastEventId = id;
          if (fields.has('data')) queue.push({ id, lastEventId, event: fields.get('event') ?? 'message', data: fields.get('data')! });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    next: (accept, timeoutMs = 5_000) =>
      new Promise<SseMessage>((resolve, reject) => {
        const take = () => {
          const index = queue.findIndex(accept);
          if (index < 0) return;
          const message = queue[index]!;
          queue.splice(0, index + 1);
          finish();
          resolve(message);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`No matching SSE message within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(take);
        };
        waiters.add(take);
        take();
      }),
    close: () => controller.abort(),
  };
}
