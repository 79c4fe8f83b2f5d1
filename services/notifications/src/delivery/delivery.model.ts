import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@yekuo/platform';
import { DeliveryStatusEnum, NotificationChannelEnum } from '../enums';

@ObjectType('NotificationDelivery', {
  description: 'One email or SMS of a notification, as the delivery log keeps it (no address or text)',
})
export class DeliveryView {
  @Field(() => ID, {
    description: 'The delivery key: one per event (or reminder), recipient and channel; the email Message-ID is made from it',
  })
  key: string;

  @Field(() => ID, { description: 'The notification it delivers' })
  notificationId: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => String)
  caseNumber: string;

  @Field(() => String, { description: 'The template it was written from' })
  kind: string;

  @Field(() => NotificationChannelEnum)
  channel: string;

  @Field(() => DeliveryStatusEnum)
  status: string;

  @Field(() => Int, { description: 'How many times it was tried' })
  attempts: number;

  @Field(() => String, { nullable: true, description: 'Why the last try failed, or why it was dropped' })
  lastError: string | null;

  @Field(() => GraphQLISODateTime, { description: 'Not sent before: the next try, or the end of quiet hours' })
  notBefore: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the provider took it' })
  sentAt: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}

@ObjectType('NotificationDeliveryConnection', { description: 'A page of the delivery log, newest first' })
export class DeliveryConnection extends Connection(DeliveryView, {
  name: 'NotificationDelivery',
  edgeDescription: 'One delivery, with its cursor',
  edgesDescription: 'The deliveries of this page',
}) {}
