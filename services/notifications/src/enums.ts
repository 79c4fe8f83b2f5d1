import { enumFromValues } from '@yekuo/platform';
import { CHANNELS, LOCALES } from './channels/channel';
import { DELIVERY_STATUSES } from './delivery/delivery.entity';
import { RECIPIENT_KINDS } from './inbox/notification.entity';
import { URGENCIES } from './rules/rules';

export const NotificationChannelEnum = enumFromValues(CHANNELS, 'NotificationChannel', 'A way a notification reaches someone', {
  valueDescriptions: { INBOX: 'The in-app inbox of the graph (myNotifications)', SMS: 'A text message through the configured provider' },
});

export const NotificationLocaleEnum = enumFromValues(LOCALES, 'NotificationLocale', 'The language notifications are written in', {
  valueDescriptions: { 'zh-CN': 'Simplified Chinese', en: 'English' },
  names: { 'zh-CN': 'ZH_CN', en: 'EN' },
});

export const NotificationUrgencyEnum = enumFromValues(URGENCIES, 'NotificationUrgency', 'How soon the recipient should look');

export const NotificationRecipientKindEnum = enumFromValues(
  RECIPIENT_KINDS,
  'NotificationRecipientKind',
  'Who a notification is addressed to',
  {
    valueDescriptions: { TEAM: "A team's work: every staff member following the team sees it" },
  },
);

export const DeliveryStatusEnum = enumFromValues(DELIVERY_STATUSES, 'DeliveryStatus', 'Where an email or SMS delivery stands', {
  valueDescriptions: {
    PENDING: 'Waiting to be sent: new, held for quiet hours, or waiting to be tried again',
    SENT: 'Taken by the provider',
    DEAD_LETTERED: 'Given up after the last try, or refused for good; lastError says why',
    DROPPED: 'Not sent on purpose (the work it asked for had closed, the channel is off, no contact on file); lastError says why',
  },
});
