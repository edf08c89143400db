import { isoInstantOf } from './sql-event-store';

describe('recorded_at read as text', () => {
  it.each([
    ['2026-12-04 19:01:01.123456', '2026-12-04T19:01:01.123Z'],
    ['2026-12-04 19:01:01.999999', '2026-12-04T19:01:01.999Z'],
    ['2026-12-04 19:01:01.5', '2026-12-04T19:01:01.500Z'],
    ['2026-12-04 19:01:01', '2026-12-04T19:01:01.000Z'],
  ])('given PostgreSQL\'s text of the UTC timestamp %s, then it is %s, as Date#toISOString writes it', (text, iso) => {
    expect(isoInstantOf(text)).toBe(iso);
  });
});
