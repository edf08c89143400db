import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidRequestException } from '@ayumi/http';
import { SECURITY_OPTIONS } from './security.tokens';
import type { SecurityOptions } from './security.tokens';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Past this many callers, buckets that have refilled are forgotten (they would start full anyway). */
const MAX_TRACKED_CALLERS = 10_000;

type Bucket = { tokens: number; updatedAt: number };

/**
 * A token bucket per caller for writes: `writesPerSecond` sustained, twice that in a burst. It runs
 * after authentication, so the caller is the token (or the address, for a request without one).
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(@Inject(SECURITY_OPTIONS) private readonly options: SecurityOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const rate = this.options.writesPerSecond;
    const request = context.switchToHttp().getRequest<Request & { principal?: { tokenId: string } }>();
    if (rate === 0 || !WRITES.has(request.method)) return true;
    const caller = request.principal?.tokenId ?? request.ip ?? 'unknown';
    const now = Date.now();
    const burst = 2 * rate;
    const bucket = this.buckets.get(caller) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = now;
    if (!this.buckets.has(caller) && this.buckets.size >= MAX_TRACKED_CALLERS) this.forgetRefilled(now, rate, burst);
    this.buckets.set(caller, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
      throw new InvalidRequestException(429, 'RATE_LIMITED', `Too many writes with this token; at most ${rate} a second`, [], { 'Retry-After': String(retryAfter) });
    }
    bucket.tokens -= 1;
    return true;
  }

  private forgetRefilled(now: number, rate: number, burst: number): void {
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate >= burst) this.buckets.delete(caller);
    }
  }
}
