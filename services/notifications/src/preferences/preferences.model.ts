import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHANNELS, LOCALES } from '../channels/channel';
import { NotificationChannelEnum, NotificationLocaleEnum } from '../enums';

/** `HH:MM`, 00:00 to 23:59. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

@ObjectType('QuietHours', { description: 'Hours in which email and SMS wait (the inbox never does), in the time zone of the preferences' })
export class QuietHoursView {
  @Field(() => String, { description: 'From, HH:MM' })
  from: string;

  @Field(() => String, { description: 'Until, HH:MM (over midnight when earlier than from)' })
  until: string;
}

@ObjectType('NotificationPreferences', { description: 'How the caller is told' })
export class NotificationPreferencesView {
  @Field(() => NotificationLocaleEnum, { description: 'The language of notifications' })
  locale: string;

  @Field(() => [NotificationChannelEnum], {
    description: 'The channels customers are told on (the inbox always); agents and staff are told in the inbox',
  })
  channels: string[];

  @Field(() => QuietHoursView, { nullable: true, description: 'When email and SMS wait; null when they never do' })
  quietHours: QuietHoursView | null;

  @Field(() => String, { description: 'The IANA time zone quiet hours are read in, e.g. Asia/Shanghai' })
  timeZone: string;

  @Field(() => [String], {
    description:
      'Staff: the teams whose new work and deadlines reach the inbox (by default the teams of the caller’s roles); empty for customers and agents',
  })
  teams: string[];
}

@InputType({ description: 'What to change of the caller’s notification preferences; what is left out stays' })
export class NotificationPreferencesInput {
  @Field(() => NotificationLocaleEnum, { nullable: true })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @Field(() => [NotificationChannelEnum], { nullable: true, description: 'The channels wanted; INBOX is always among them' })
  @IsOptional()
  @IsArray()
  @IsIn(CHANNELS, { each: true })
  channels?: string[];

  @Field(() => String, { nullable: true, description: 'Quiet hours from, HH:MM; give with quietUntil, or both null to end quiet hours' })
  @IsOptional()
  @Matches(CLOCK_TIME, { message: 'quietFrom must be HH:MM, 00:00 to 23:59' })
  quietFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Quiet hours until, HH:MM' })
  @IsOptional()
  @Matches(CLOCK_TIME, { message: 'quietUntil must be HH:MM, 00:00 to 23:59' })
  quietUntil?: string | null;

  @Field(() => String, { nullable: true, description: 'An IANA time zone, e.g. Asia/Shanghai' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Staff only: the ids of the teams to follow; null follows the teams of the caller’s roles again',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  teams?: string[] | null;
}
