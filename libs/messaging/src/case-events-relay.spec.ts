import { chunksOfAtMost } from './case-events-relay';

const item = (id: string, bytes: number) => ({ id, message: { key: 'k', value: 'x'.repeat(bytes - 1) } });

describe('chunksOfAtMost', () => {
  it('given messages that fit, then one part in order', () => {
    expect(chunksOfAtMost([item('a', 10), item('b', 10)], 100).map((c) => c.map((i) => i.id))).toEqual([['a', 'b']]);
  });

  it('given more than fits, then consecutive parts under the limit, in order', () => {
    const parts = chunksOfAtMost([item('a', 40), item('b', 40), item('c', 40), item('d', 10)], 100);
    expect(parts.map((c) => c.map((i) => i.id))).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('given one message over the limit, then it goes alone, between its neighbours', () => {
    const parts = chunksOfAtMost([item('a', 10), item('big', 500), item('c', 10)], 100);
    expect(parts.map((c) => c.map((i) => i.id))).toEqual([['a'], ['big'], ['c']]);
  });

  it('given no messages, then no parts', () => {
    expect(chunksOfAtMost([], 100)).toEqual([]);
  });
});
