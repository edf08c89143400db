import type { ConsultationChannel, ConsultationKind } from '@ayumi/events';
import { CONSULTATION_CHANNELS, CONSULTATION_KINDS } from '@ayumi/events';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { OccurredAt } from '@ayumi/http';

export class RecordConsultationRequest {
  /** Checked against the metric catalog (422 when unknown). */
  @IsString() @Length(1, 64)
  program!: string;

  @IsIn(CONSULTATION_CHANNELS)
  channel!: ConsultationChannel;

  @IsIn(CONSULTATION_KINDS)
  kind!: ConsultationKind;

  @IsString() @Length(1, 64)
  navigatorId!: string;

  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;

  @OccurredAt()
  occurredAt?: string;
}
