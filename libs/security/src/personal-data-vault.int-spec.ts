import { randomBytes } from 'node:crypto';
import type { TestDatabase } from '../../../test/support/test-database';
import { createTestDatabase } from '../../../test/support/test-database';
import { PersonalDataErasedError, PersonalDataRefTakenError, PersonalDataVault } from './personal-data-vault';

describe.each(['pglite', 'postgres'] as const)('the personal-data vault (%s)', (kind) => {
  let database: TestDatabase;
  let vault: PersonalDataVault;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    vault = new PersonalDataVault(database.sql, randomBytes(32));
    for (const statement of PersonalDataVault.schema) await database.sql.query(statement);
  });
  afterAll(() => database.drop());

  it('given a record stored by an attempt that appended nothing, when its retry stores a corrected one under the same reference, then the corrected one is kept', async () => {
    await vault.store('C-1', 'ref-1', { note: 'Draft: talked about CV' });

    await vault.store('C-1', 'ref-1', { note: 'Talked about the CV and interviews' });

    expect((await vault.read(['ref-1'])).get('ref-1')).toEqual({ status: 'available', record: { note: 'Talked about the CV and interviews' } });
    expect(await vault.holds('ref-1', { note: 'Talked about the CV and interviews' })).toBe(true);
    // As a validated request carries it: a class instance, an optional field left undefined.
    class NoteRequest {
      note = 'Talked about the CV and interviews';
      phone: string | undefined = undefined;
    }
    expect(await vault.holds('ref-1', { ...new NoteRequest() })).toBe(true);
    expect(await vault.holds('ref-1', new NoteRequest() as unknown as Record<string, unknown>)).toBe(true);
    expect(await vault.holds('ref-1', { note: 'Draft: talked about CV' })).toBe(false);
    expect(await vault.holds('ref-never-stored', { note: 'Talked about the CV and interviews' })).toBe(false);
  });

  it('given a reference holding one client\'s record, then another client cannot store under it, and the record stays', async () => {
    await vault.store('C-2', 'ref-2', { name: 'Yamada Taro' });

    await expect(vault.store('C-3', 'ref-2', { name: 'Sato Hanako' })).rejects.toBeInstanceOf(PersonalDataRefTakenError);

    expect((await vault.read(['ref-2'])).get('ref-2')).toEqual({ status: 'available', record: { name: 'Yamada Taro' } });
  });

  it('given an erased client, then nothing more is stored, and a retry cannot be compared so counts as the same', async () => {
    await vault.store('C-4', 'ref-4', { note: 'Anxious about interviews' });
    await vault.erase('C-4', 'supervisor-01');

    await expect(vault.store('C-4', 'ref-4', { note: 'Anything' })).rejects.toBeInstanceOf(PersonalDataErasedError);
    expect(await vault.holds('ref-4', { note: 'Anything' })).toBe(true);
  });
});
