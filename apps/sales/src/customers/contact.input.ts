import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class AddContactInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'firstName must be 1 to 100 characters' })
  firstName!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'lastName must be 1 to 100 characters' })
  lastName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()./-]{4,30}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'title must be 1 to 100 characters' })
  title?: string | null;
}
