import { parseStreamCursor, streamCursorOf } from './event-store.port';

describe('stream cursors', () => {
  it('given a stream id holding colons, when its cursor is read back, then it is the same stream and revision', () => {
    const cursor = streamCursorOf({ streamId: 'import:2013:case-7', revision: 12 });

    expect(parseStreamCursor(cursor)).toEqual({ streamId: 'import:2013:case-7', revision: 12 });
  });

  it('given no cursor, then it is before every event', () => {
    expect(parseStreamCursor(null)).toBeNull();
  });

  it('given text that is not a cursor, then it is refused, saying what a cursor looks like', () => {
    expect(() => parseStreamCursor('case-7')).toThrow('expected "<revision>:<streamId>"');
  });
});
