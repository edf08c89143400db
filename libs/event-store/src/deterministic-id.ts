import { createHash } from 'node:crypto';

/** Ayumi's UUID v5 namespace (random, fixed forever: changing it changes every derived id). */
const AYUMI_NAMESPACE = Buffer.from('6f1c1a5e8d2b4c47a0e3b5d9c7f2a814', 'hex');

/** A name-based UUID (v5, SHA-1): the same namespace and key always give the same id. */
export function deterministicId(namespace: string, key: string): string {
  const hash = createHash('sha1').update(AYUMI_NAMESPACE).update(`${namespace}\u0000${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the index-th event of a command: a retried command produces the same event ids. */
export function deterministicEventId(commandId: string, index: number): string {
  return deterministicId('event', `${commandId}/${index}`);
}
