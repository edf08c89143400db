import type { ClosureReason } from '@ayumi/events';
import { CLOSURE_REASONS } from '@ayumi/events';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class CloseCaseRequest {
  @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;

  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;

  @OccurredAt()
  occurredAt?: string;
}
