import { randomUUID } from 'node:crypto';
import type { PersonalDataRecord } from './aggregate-command';

/** Request fields sealed in the vault, with the event field that refers to the sealed record. */
export const PERSONAL_DATA_REFS = { note: 'noteRef', personalData: 'personalDataRef' } as const;

/**
 * A reference for one request's record, never derived from the command: two requests of one command
 * (a retry racing the first, or reusing its key with other data) then never write over each other's
 * record, and the one whose events land is the one the log refers to.
 */
export const newRecordRef = (): string => randomUUID();

/**
 * Takes a request's free-text note out of the event: the event keeps a reference, the vault keeps
 * the text (sealed under the client's key), so erasing the client's key erases the note.
 */
export function withNoteInVault<Body extends { note?: string }>(body: Body) {
  const { note, ...rest } = body;
  if (note === undefined) return { data: rest, personalData: [] as PersonalDataRecord[] };
  const noteRef = newRecordRef();
  return { data: { ...rest, [PERSONAL_DATA_REFS.note]: noteRef }, personalData: [{ recordRef: noteRef, record: { note }, field: 'note' }] as PersonalDataRecord[] };
}
