import { deterministicEventId, deterministicId } from './deterministic-id';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministic ids', () => {
  it('given the same command and index, then the same event id, a valid UUID v5', () => {
    const id = deterministicEventId('command-1', 0);
    expect(id).toMatch(UUID_V5);
    expect(deterministicEventId('command-1', 0)).toBe(id);
  });

  it('given another index or command, then another id', () => {
    const ids = new Set([
      deterministicEventId('command-1', 0), deterministicEventId('command-1', 1), deterministicEventId('command-2', 0),
    ]);
    expect(ids.size).toBe(3);
  });

  it('separates namespaces, so an event id never equals an entity id of the same key', () => {
    expect(deterministicId('caseId', 'k')).not.toBe(deterministicId('consultationId', 'k'));
    expect(deterministicId('a', 'b\u0000c')).toMatch(UUID_V5);
  });

  it('is stable across releases (ids already stored depend on it)', () => {
    expect(deterministicId('command', 'POST /cases\nintake-1')).toBe('d7e8431d-27ec-53b8-b384-5b2f4a65c868');
  });
});
