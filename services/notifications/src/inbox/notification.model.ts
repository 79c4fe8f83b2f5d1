import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { CaseActionCodeEnum, Connection } from '@yekuo/platform';
import { NotificationRecipientKindEnum, NotificationUrgencyEnum } from '../enums';

@ObjectType('Notification', {
  description: 'An entry of an inbox: what happened on a case, or what it waits for, in the reader’s language',
})
export class NotificationView {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The case it is about' })
  caseId: string;

  @Field(() => String, { description: 'The case number, e.g. YK-2026-000123' })
  caseNumber: string;

  @Field(() => String, { description: 'What kind of notification it is: the template it was written from, e.g. contract-to-sign' })
  kind: string;

  @Field(() => String, { description: 'One line to show in a list' })
  title: string;

  @Field(() => String, { description: 'The text: the step and what to do next' })
  body: string;

  @Field(() => NotificationUrgencyEnum)
  urgency: string;

  @Field(() => CaseActionCodeEnum, { nullable: true, description: 'The work it asks for, if any' })
  action: string | null;

  @Field(() => NotificationRecipientKindEnum, {
    description: 'Whether it was addressed to the reader, as customer or agent, or to a team the reader follows',
  })
  recipient: string;

  @Field(() => GraphQLISODateTime, { description: 'When the event happened or the reminder fell due' })
  occurredAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the reader marked it read; null while unread' })
  readAt: Date | null;
}

@ObjectType('NotificationConnection', { description: 'A page of an inbox, newest first' })
export class NotificationConnection extends Connection(NotificationView, {
  name: 'Notification',
  edgeDescription: 'One notification in an inbox, with its cursor',
  edgesDescription: 'The notifications of this page',
}) {
  @Field(() => Int, { description: 'How many notifications of the whole inbox are unread' })
  unreadCount: number;
}
