import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig, ServiceDefinition, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { loadWorkingCalendar, WorkingCalendar } from '@yekuo/timelimits';
import { CaseFactsConsumer } from './case/case-facts.consumer';
import { EMAIL_SENDER, EmailSender, SMS_SENDER, SmsSender } from './channels/channel';
import { emailSenderFrom, loadEmailConfig } from './channels/email';
import { loadSmsConfig, smsSenderFrom } from './channels/sms';
import { IntakeContactsClient, loadContactsConfig } from './contacts';
import { CONTACT_DIRECTORY } from './delivery/contact-directory';
import { DeliveryLogResolver } from './delivery/delivery-log.resolver';
import { DeliverySender } from './delivery/delivery-sender';
import { InboxResolver } from './inbox/inbox.resolver';
import { InboxService } from './inbox/inbox.service';
import { NOTIFICATIONS_CONFIG, notificationsConfig, NotificationsConfig } from './notifications.config';
import { notificationsService } from './notifications.service-definition';
import { Notifier } from './notify/notifier';
import { NOTIFY_OPTIONS, NotifyOptions } from './notify/notify.options';
import { PreferencesService } from './preferences/preferences.service';
import { ReminderSweeper } from './reminders/reminder.sweeper';
import { NotificationRules } from './rules/rules';

@Module({})
export class AppModule {
  /**
   * `definition` defaults to the service's own; tests pass it with a hand-set time source, and
   * `env` with the settings of their SMTP server and SMS provider.
   */
  static forRoot(
    config: ServiceConfig,
    definition: ServiceDefinition = notificationsService,
    env: NodeJS.ProcessEnv = process.env,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forService(definition, config)],
      controllers: [CaseFactsConsumer],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useFactory: () => notificationsConfig(env) },
        {
          provide: NotificationRules,
          inject: [NOTIFICATIONS_CONFIG],
          useFactory: (c: NotificationsConfig) => NotificationRules.fromDirectory(c.NOTIFICATION_RULES_DIR),
        },
        { provide: WorkingCalendar, useFactory: () => loadWorkingCalendar(config.CALENDAR_DIR) },
        { provide: EMAIL_SENDER, useFactory: () => emailSenderFrom(loadEmailConfig(env)) ?? null },
        { provide: SMS_SENDER, inject: [TIME_SOURCE], useFactory: (time: TimeSource) => smsSenderFrom(loadSmsConfig(env), time) ?? null },
        { provide: CONTACT_DIRECTORY, useFactory: () => IntakeContactsClient.fromConfig(loadContactsConfig(env)) },
        {
          provide: NOTIFY_OPTIONS,
          inject: [EMAIL_SENDER, SMS_SENDER, NOTIFICATIONS_CONFIG],
          useFactory: (email: EmailSender | null, sms: SmsSender | null, c: NotificationsConfig): NotifyOptions => ({
            enabledChannels: [...(email ? (['EMAIL'] as const) : []), ...(sms ? (['SMS'] as const) : [])],
            settleMs: c.DELIVERY_SETTLE_MS,
          }),
        },
        Notifier,
        PreferencesService,
        InboxService,
        InboxResolver,
        DeliveryLogResolver,
        DeliverySender,
        ReminderSweeper,
      ],
    };
  }
}
