import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsIsoDate } from '@ayumi/http';

/** The intake's personal details: kept in the personal-data vault, never in the log. */
export class PersonalDataRequest {
  @IsString() @Length(1, 200)
  name!: string;

  @IsOptional() @IsString() @Length(1, 200)
  nameReading?: string;

  @IsOptional() @IsIsoDate()
  birthDate?: string;

  @IsOptional() @Matches(/^\+?[0-9 ()-]{5,32}$/, { message: 'phone must be a telephone number (digits, spaces, + ( ) -)' })
  phone?: string;

  @IsOptional() @IsEmail() @Length(3, 254)
  email?: string;

  @IsOptional() @IsString() @Length(1, 500)
  address?: string;
}
