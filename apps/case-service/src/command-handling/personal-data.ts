import type { PersonalDataRecord } from './aggregate-command';

/**
 * Takes a request's free-text note out of the event: the event keeps a reference, the vault keeps
 * the text (sealed under the client's key), so erasing the client's key erases the note.
 */
export function withNoteInVault<Body extends { note?: string }>(body: Body, newId: (name: string) => string) {
  const { note, ...rest } = body;
  if (note === undefined) return { data: rest, personalData: [] as PersonalDataRecord[] };
  const noteRef = newId('noteRef');
  return { data: { ...rest, noteRef }, personalData: [{ recordRef: noteRef, record: { note }, field: 'note' }] };
}
