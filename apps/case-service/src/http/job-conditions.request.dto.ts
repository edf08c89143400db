import type { EmploymentType } from '@ayumi/events';
import { EMPLOYMENT_TYPES } from '@ayumi/events';
import { Omittable } from '@ayumi/http';
import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min,
} from 'class-validator';

export class JobConditionsRequest {
  @IsIn(EMPLOYMENT_TYPES)
  employmentType!: EmploymentType;

  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(64, { each: true })
  jobCategories!: string[];

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(1) @Max(80)
  hoursPerWeek?: number;

  @IsOptional() @IsInt() @Min(0) @Max(100_000)
  minimumHourlyWage?: number;
}

/** New values only; the event records the from → to difference. Hours and wage may be unset with null. */
export class JobConditionsChangeRequest {
  @Omittable() @IsIn(EMPLOYMENT_TYPES)
  employmentType?: EmploymentType;

  @Omittable() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(64, { each: true })
  jobCategories?: string[];

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(1) @Max(80)
  hoursPerWeek?: number;

  @IsOptional() @IsInt() @Min(0) @Max(100_000)
  minimumHourlyWage?: number;
}
