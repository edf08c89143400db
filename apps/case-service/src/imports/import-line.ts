import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** One NDJSON line of `POST /imports`: the HTTP request it stands for. */
export class ImportLine {
  @IsIn(['POST', 'PUT'])
  method!: 'POST' | 'PUT';

  @IsString() @Matches(/^\/[^?#\s]*$/, { message: 'path must be an absolute path such as /cases/C-1/consultations' }) @MaxLength(500)
  path!: string;

  @IsObject()
  body!: Record<string, unknown>;

  @IsOptional() @IsString() @MaxLength(255)
  idempotencyKey?: string;

  @IsOptional() @IsString() @Matches(/^\d{1,15}$/, { message: 'ifMatch must be a revision number' })
  ifMatch?: string;
}
