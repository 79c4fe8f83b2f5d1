import { Alert, Button, Card, Checkbox, Col, Divider, Form, Input, Row, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isCustomerSide, useSession } from '../../auth/session';
import type { OidcConfig } from '../../app/page-config';
import { usePageConfig } from '../../app/page-config-context';
import { providerFailure, startProviderSignIn } from '../../auth/oidc';
import { useI18n } from '../../i18n/i18n';
import { ENUM_LABELS } from '../../i18n/enums';
import { fieldReason, formFieldOf } from '../../i18n/errors';
import type { MessageKey } from '../../i18n/messages';
import { csv, DevTokenError, requestDevToken } from './dev-token';

/** The token's role names (`intake-clerk`), in the order the graph's Role enum lists them. */
const ROLE_NAMES = Object.keys(ENUM_LABELS.Role).map((r) => r.toLowerCase().replace(/_/g, '-'));
const CUSTOMER_ROLES = ['customer', 'agent'];

interface SignInValues {
  roles: string[];
  sub: string;
  name?: string;
  team?: string;
  regions?: string;
  department?: string;
  actsFor?: string;
}

/** Sensible identities to start from: a customer, and a clerk of the front desk in Xuhui (310104). */
const PRESETS: Record<'customer' | 'staff', () => SignInValues> = {
  // A customer is known by id (a UUID): a new one each time the page opens, a new customer.
  customer: () => ({ roles: ['customer'], sub: crypto.randomUUID(), name: '陈一' }),
  staff: () => ({ roles: ['intake-clerk'], sub: 'clerk-1', name: '王受理', team: 'front-desk', regions: '310104' }),
};

/** The team of the development organisation (policy's org data) that takes each role's work in Xuhui. */
const TEAM_OF_ROLE: Record<string, string> = {
  'intake-clerk': 'front-desk',
  surveyor: 'survey-west',
  planner: 'planning',
  approver: 'planning',
  inspector: 'inspection',
  'contract-officer': 'contracts',
  'metering-technician': 'metering',
};

/** Sends the browser to the organisation's identity provider; it comes back to the callback page signed in. */
function ProviderSignIn({ oidc, from }: { oidc: OidcConfig; from: string | undefined }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey>();
  const start = () => {
    setBusy(true);
    setFailure(undefined);
    startProviderSignIn(oidc, from).catch((e: unknown) => {
      setFailure(providerFailure(e));
      setBusy(false);
    });
  };
  return (
    <div style={{ marginTop: 16 }}>
      {failure && <Alert type="error" showIcon title={t(failure)} style={{ marginBottom: 16 }} role="alert" />}
      <Button type="primary" size="large" block loading={busy} onClick={start}>
        {t('signIn.withProvider')}
      </Button>
    </div>
  );
}

/**
 * The sign-in page. With an identity provider configured (production), one button signs in through
 * it. With the development sign-in on, it lists the roles and lets a developer set team, regions,
 * department and actsFor, then asks the gateway's development token endpoint for a token. Both may
 * be offered.
 */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const { session, signIn } = useSession();
  const config = usePageConfig();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<SignInValues>();
  const [side, setSide] = useState<'customer' | 'staff'>('customer');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [initial] = useState(PRESETS.customer);
  if (session) return <Navigate to="/" replace />;
  const from = (location.state as { from?: string } | null)?.from;

  const submit = async (values: SignInValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const token = await requestDevToken({
        roles: values.roles,
        sub: values.sub,
        name: values.name || undefined,
        team: values.team || undefined,
        department: values.department || undefined,
        regions: csv(values.regions),
        actsFor: csv(values.actsFor),
      });
      const next = signIn(token);
      void navigate(from && from !== '/sign-in' ? from : isCustomerSide(next) ? '/cases' : '/work', { replace: true });
    } catch (e) {
      const failure = e instanceof DevTokenError ? e : new DevTokenError('unknown', []);
      form.setFields(
        failure.fields.map((f) => ({
          name: formFieldOf(f.field) as keyof SignInValues,
          errors: [fieldReason({ t, locale, setLocale }, f.message)],
        })),
      );
      setError(
        t(`error.${failure.code}` as MessageKey) === `error.${failure.code}`
          ? t('error.unknown')
          : t(`error.${failure.code}` as MessageKey),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4f8', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 560 }}>
        <Row justify="space-between" align="middle">
          <Col>
            <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
              {t('app.title')} · {t('signIn.title')}
            </Typography.Title>
          </Col>
          <Col>
            <Button size="small" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
              {t('app.locale')}
            </Button>
          </Col>
        </Row>
        {config.oidc && <ProviderSignIn oidc={config.oidc} from={from} />}
        {config.oidc && config.devSignIn && <Divider plain>{t('signIn.or')}</Divider>}
        {!config.devSignIn ? (
          !config.oidc && <Alert type="warning" style={{ marginTop: 16 }} title={t('signIn.noSignIn')} />
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('signIn.devNotice')}
            </Typography.Paragraph>
            <Segmented
              block
              value={side}
              options={[
                { value: 'customer', label: t('signIn.asCustomer') },
                { value: 'staff', label: t('signIn.asStaff') },
              ]}
              onChange={(value) => {
                const next = value as 'customer' | 'staff';
                setSide(next);
                form.resetFields();
                form.setFieldsValue(PRESETS[next]());
              }}
              style={{ marginBottom: 16 }}
            />
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
            <Form
              form={form}
              layout="vertical"
              initialValues={initial}
              onFinish={(v) => void submit(v)}
              onValuesChange={(changed: Partial<SignInValues>) => {
                // Picking a staff role fills in the team that takes its work, unless one was typed.
                const team = changed.roles?.map((r) => TEAM_OF_ROLE[r]).find(Boolean);
                const current = form.getFieldValue('team') as string | undefined;
                if (team && (!current || Object.values(TEAM_OF_ROLE).includes(current))) form.setFieldValue('team', team);
              }}
              requiredMark
            >
              {/* A group of checkboxes takes no aria-required: the rule checks the choice without marking it so. */}
              <Form.Item
                name="roles"
                label={t('signIn.roles')}
                rules={[
                  {
                    validator: (_, value: string[] | undefined) =>
                      value?.length ? Promise.resolve() : Promise.reject(new Error(t('error.reason.required'))),
                  },
                ]}
              >
                <Checkbox.Group
                  role="group"
                  aria-label={t('signIn.roles')}
                  options={ROLE_NAMES.filter((r) => (side === 'customer' ? CUSTOMER_ROLES.includes(r) : !CUSTOMER_ROLES.includes(r))).map(
                    (r) => ({
                      value: r,
                      label: ENUM_LABELS.Role[r.toUpperCase().replace(/-/g, '_')][locale === 'en' ? 1 : 0],
                    }),
                  )}
                />
              </Form.Item>
              <Form.Item
                name="sub"
                label={t('signIn.sub')}
                rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
              >
                <Input autoComplete="username" />
              </Form.Item>
              <Form.Item name="name" label={t('signIn.name')}>
                <Input autoComplete="name" />
              </Form.Item>
              {side === 'staff' ? (
                <>
                  <Form.Item name="team" label={t('signIn.team')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="regions" label={t('signIn.regions')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="department" label={t('signIn.department')}>
                    <Input />
                  </Form.Item>
                </>
              ) : (
                <Form.Item name="actsFor" label={t('signIn.actsFor')}>
                  <Input />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('signIn.submit')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </main>
  );
}
