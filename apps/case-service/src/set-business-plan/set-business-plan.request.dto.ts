import type { GoalPeriod, ProgramId } from '@ayumi/events';
import { GOAL_PERIODS } from '@ayumi/events';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsObject, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class TargetRequest {
  @IsString() @Length(1, 64)
  program!: ProgramId;

  @IsString() @Length(1, 64)
  metric!: string;

  @IsIn(GOAL_PERIODS)
  period!: GoalPeriod;

  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(10_000_000)
  target!: number;
}

export class SetBusinessPlanRequest {
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => TargetRequest)
  targets!: TargetRequest[];

  @OccurredAt()
  occurredAt?: string;
}
