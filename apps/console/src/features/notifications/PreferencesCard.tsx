import { Alert, AutoComplete, Button, Card, Checkbox, Form, Input, Radio, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { hasRole, useSession } from '../../auth/session';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import {
  MyNotificationPreferencesDocument,
  SetNotificationPreferencesDocument,
  type MyNotificationPreferencesQuery,
} from './notifications.generated';
import type { NotificationChannel, NotificationLocale, NotificationPreferencesInput } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';

const LOCALES: NotificationLocale[] = ['ZH_CN', 'EN'];
const CHANNELS: NotificationChannel[] = ['INBOX', 'EMAIL', 'SMS'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const FIELDS = ['locale', 'channels', 'quietFrom', 'quietUntil', 'timeZone'] as const;

/** The IANA zones this browser knows, to suggest while typing (any zone may still be typed). */
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'UTC'];

interface PreferencesValues {
  locale: NotificationLocale;
  channels: NotificationChannel[];
  quietFrom?: string;
  quietUntil?: string;
  timeZone: string;
}

type Preferences = MyNotificationPreferencesQuery['myNotificationPreferences'];

function valuesOf(prefs: Preferences): PreferencesValues {
  return {
    locale: prefs.locale,
    channels: prefs.channels.includes('INBOX') ? prefs.channels : ['INBOX', ...prefs.channels],
    quietFrom: prefs.quietHours?.from ?? '',
    quietUntil: prefs.quietHours?.until ?? '',
    timeZone: prefs.timeZone,
  };
}

function inputOf(values: PreferencesValues): NotificationPreferencesInput {
  const from = values.quietFrom?.trim() || null;
  const until = values.quietUntil?.trim() || null;
  return {
    locale: values.locale,
    channels: CHANNELS.filter((c) => c === 'INBOX' || values.channels.includes(c)),
    // Both null ends quiet hours; the form lets through only both or neither.
    quietFrom: from,
    quietUntil: until,
    timeZone: values.timeZone.trim(),
  };
}

/** A field's hint in the secondary text colour: Ant Design's own hint grey is too faint to read on white. */
function Hint({ children }: { children: React.ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}

/** How the reader is told: the language of notifications, the channels, quiet hours and their time zone. */
export function PreferencesCard() {
  const i18n = useI18n();
  const [{ data, error }] = useQuery({ query: MyNotificationPreferencesDocument });
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {i18n.t('notifications.prefs.title')}
      </Typography.Title>
      {data ? (
        <PreferencesForm prefs={data.myNotificationPreferences} />
      ) : error ? (
        <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} />
      ) : (
        <Spin />
      )}
    </Card>
  );
}

function PreferencesForm({ prefs }: { prefs: Preferences }) {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<PreferencesValues>();
  // The key of the change being sent is kept while the same change is retried, new for another change.
  // A field the form does not have is told by its reason: its name would mean nothing to the reader.
  const save = useAction(SetNotificationPreferencesDocument, { form, fields: FIELDS, reasonsOnly: true, keyPerRequest: true });
  const [saved, setSaved] = useState(false);
  const typedZone = Form.useWatch('timeZone', form) ?? '';
  const zoneOptions = useMemo(() => {
    const needle = typedZone.trim().toLowerCase();
    return TIME_ZONES.filter((z) => z.toLowerCase().includes(needle))
      .slice(0, 20)
      .map((z) => ({ value: z }));
  }, [typedZone]);
  // Customers are told on email and SMS too; agents and staff only in the inbox.
  const inboxOnly = !hasRole(session, 'CUSTOMER');

  const submit = async (values: PreferencesValues) => {
    setSaved(false);
    if (await save.run({ input: inputOf(values) })) setSaved(true);
  };

  return (
    <>
      <ActionProblemAlert problem={save.problem} inline />
      {saved && <Alert type="success" showIcon role="status" title={t('notifications.prefs.saved')} style={{ marginBottom: 16 }} />}
      <Form<PreferencesValues>
        form={form}
        layout="vertical"
        initialValues={valuesOf(prefs)}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => setSaved(false)}
      >
        <Form.Item name="locale" label={t('notifications.prefs.locale')} rules={[{ required: true, message: t('error.reason.required') }]}>
          <Radio.Group
            aria-label={t('notifications.prefs.locale')}
            options={LOCALES.map((l) => ({ value: l, label: enumLabel(locale, 'NotificationLocale', l) }))}
          />
        </Form.Item>
        <Form.Item
          name="channels"
          label={t('notifications.prefs.channels')}
          extra={<Hint>{t(inboxOnly ? 'notifications.prefs.channelsInboxOnly' : 'notifications.prefs.channelsHelp')}</Hint>}
        >
          <Checkbox.Group
            aria-label={t('notifications.prefs.channels')}
            options={CHANNELS.map((c) => ({
              value: c,
              label: enumLabel(locale, 'NotificationChannel', c),
              disabled: c === 'INBOX' || inboxOnly,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="quietFrom"
          label={t('notifications.prefs.quietFrom')}
          dependencies={['quietUntil']}
          rules={[
            { pattern: HH_MM, message: t('notifications.prefs.timeFormat') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value?.trim() !== !(getFieldValue('quietUntil') as string | undefined)?.trim()
                  ? Promise.reject(new Error(t('notifications.prefs.quietBoth')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input placeholder="22:00" inputMode="numeric" maxLength={5} />
        </Form.Item>
        <Form.Item
          name="quietUntil"
          label={t('notifications.prefs.quietUntil')}
          extra={<Hint>{t('notifications.prefs.quietHelp')}</Hint>}
          rules={[{ pattern: HH_MM, message: t('notifications.prefs.timeFormat') }]}
        >
          <Input placeholder="07:00" inputMode="numeric" maxLength={5} />
        </Form.Item>
        <Form.Item
          name="timeZone"
          label={t('notifications.prefs.timeZone')}
          extra={<Hint>{t('notifications.prefs.timeZoneHelp')}</Hint>}
          rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
        >
          <AutoComplete options={zoneOptions} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.fetching}>
          {t('notifications.prefs.save')}
        </Button>
      </Form>
    </>
  );
}
