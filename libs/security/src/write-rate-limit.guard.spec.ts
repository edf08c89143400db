import type { ExecutionContext } from '@nestjs/common';
import { InvalidRequestException } from '@ayumi/http';
import { WriteRateLimitGuard } from './write-rate-limit.guard';

const request = (method: string, tokenId = 'tok-1') =>
  ({ switchToHttp: () => ({ getRequest: () => ({ method, principal: { tokenId }, ip: '127.0.0.1' }) }) }) as unknown as ExecutionContext;

describe('the write rate limit', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('given 5 writes a second, when a token sends a burst of 11 writes, then the 11th gets 429 with Retry-After, and reads are never limited', () => {
    const guard = new WriteRateLimitGuard({ writesPerSecond: 5 });
    for (let i = 0; i < 10; i += 1) expect(guard.canActivate(request('POST'))).toBe(true);
    let refused: unknown;
    try {
      guard.canActivate(request('POST'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InvalidRequestException);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'Retry-After': '1' } });
    expect(guard.canActivate(request('GET'))).toBe(true);
    expect(guard.canActivate(request('POST', 'tok-2'))).toBe(true);
  });

  it('given an exhausted token, when a second passes, then it may write at the sustained rate again', () => {
    const guard = new WriteRateLimitGuard({ writesPerSecond: 5 });
    for (let i = 0; i < 10; i += 1) guard.canActivate(request('PUT'));
    expect(() => guard.canActivate(request('PUT'))).toThrow(InvalidRequestException);
    jest.advanceTimersByTime(1_000);
    for (let i = 0; i < 5; i += 1) expect(guard.canActivate(request('PUT'))).toBe(true);
    expect(() => guard.canActivate(request('PUT'))).toThrow(InvalidRequestException);
  });

  it('given a limit of 0, then writes are not limited', () => {
    const guard = new WriteRateLimitGuard({ writesPerSecond: 0 });
    for (let i = 0; i < 1_000; i += 1) expect(guard.canActivate(request('POST'))).toBe(true);
  });
});
