import type { ServiceDefinition } from '@yekuo/platform';
import { CaseItem } from './case/case-item.entity';
import { NotificationCase } from './case/notification-case.entity';
import { Delivery } from './delivery/delivery.entity';
import { Notification, NotificationRead } from './inbox/notification.entity';
import { NotificationsTables1770700000000 } from './migrations/1770700000000-notifications-tables';
import { NotificationPreference } from './preferences/preference.entity';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  defaultPort: 4006,
  entities: [NotificationCase, CaseItem, Notification, NotificationRead, Delivery, NotificationPreference],
  migrations: [NotificationsTables1770700000000],
};
