import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Spin, Typography, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { hasRole, useSession } from '../../auth/session';
import { Page } from '../../components/Page';
import { CustomerApplyContextDocument, CustomerSubmitApplicationDocument } from './customer.generated';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { useI18n, type Locale } from '../../i18n/i18n';
import {
  BUSINESS_TYPES,
  FORM_FIELDS,
  ID_TYPES,
  isHighVoltage,
  namePathOf,
  toInput,
  USAGES,
  VOLTAGE_LEVELS,
  type ApplyValues,
} from './apply-form';

/** Codes after which the same key must not be sent again. */
const SPENT_KEY_CODES = ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENT_REQUEST_DONE'];

/** The application's status a refusal names, in the reader's words. */
const statusLabel = (locale: Locale, status: string) => enumLabel(locale, 'ApplicationStatus', status);

/**
 * The application form (SubmitApplicationInput). A customer applying for the first time gives their
 * identity document; an agent picks one of the customers its token acts for and names the signed
 * authorization letter. Server field errors are shown beside their fields.
 */
export function ApplyPage() {
  const { session } = useSession();
  const agent = hasRole(session, 'AGENT');
  const customer = !agent && hasRole(session, 'CUSTOMER');
  // A customer's identity is on file once they applied; an agent's cases name its customers.
  const [context] = useQuery({
    query: CustomerApplyContextDocument,
    variables: { first: agent ? 50 : 1 },
    pause: !agent && !customer,
    requestPolicy: 'cache-and-network',
  });
  const names = useMemo(() => {
    const known = new Map<string, string>();
    for (const edge of context.data?.myCases.edges ?? []) if (edge.node.customer) known.set(edge.node.customer.id, edge.node.customer.name);
    return known;
  }, [context.data]);
  if (context.fetching && !context.data) return <Spin />;
  const identityOnFile = customer && (context.data?.myCases.edges.length ?? 0) > 0;
  return (
    <ApplyForm agent={agent} customer={customer} identityOnFile={identityOnFile} names={names} actsFor={session?.claims.actsFor ?? []} />
  );
}

type Marks = Parameters<FormInstance<ApplyValues>['setFields']>[0];

interface ApplyFormProps {
  agent: boolean;
  customer: boolean;
  identityOnFile: boolean;
  /** Names of the customers an agent acts for, where its cases tell them. */
  names: Map<string, string>;
  actsFor: string[];
}

function ApplyForm({ agent, customer, identityOnFile, names, actsFor }: ApplyFormProps) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<ApplyValues>();
  // The field errors are marked here: the identity part a refusal asks for shows only after it.
  const submit = useAction(CustomerSubmitApplicationDocument, {
    stateLabel: statusLabel,
    spentKeyCodes: SPENT_KEY_CODES,
  });
  const [error, setError] = useState<string>();
  const [identityAsked, setIdentityAsked] = useState(false);
  const [marks, setMarks] = useState<Marks>();
  const voltageLevel = Form.useWatch('voltageLevel', form);
  const highVoltage = isHighVoltage(voltageLevel);
  const identity = !agent && (identityAsked || !identityOnFile);

  // Marked after the render that shows every field named (the identity part may only now appear).
  useEffect(() => {
    if (marks) form.setFields(marks);
  }, [marks, form]);

  const onFinish = async (values: ApplyValues) => {
    setError(undefined);
    const answer = await submit.send({ input: toInput(values, { agent, identity }) });
    if (!answer.refusal) {
      void navigate(`/cases/${answer.data.submitApplication.id}`);
      return;
    }
    const elsewhere: string[] = [];
    const marked: Marks = [];
    for (const [field, reason] of Object.entries(answer.refusal.fields)) {
      if (field === 'customer') {
        // A first application without identity: open the identity part and say so there.
        setIdentityAsked(true);
        marked.push({ name: ['customer', 'idNumber'], errors: [t('customer.apply.identityNeeded')] });
      } else if (FORM_FIELDS.has(field.split('.')[0])) {
        marked.push({ name: namePathOf(field) as Marks[number]['name'], errors: [reason] });
      } else {
        elsewhere.push(reason);
      }
    }
    setMarks(marked);
    setError([answer.refusal.message, ...elsewhere].join(' '));
  };

  const required = { required: true, message: t('error.reason.required') };
  const selectOptions = (enumName: string, values: string[]) =>
    values.map((value) => ({ value, label: enumLabel(locale, enumName, value) }));

  return (
    <Page title={t('customer.apply.title')} intro={t(agent ? 'customer.apply.introAgent' : 'customer.apply.intro')} gap="large">
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {agent && actsFor.length === 0 && <Alert type="warning" showIcon title={t('customer.apply.noActsFor')} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ businessType: 'NEW_CONNECTION', supplySources: 1, customerId: actsFor.length === 1 ? actsFor[0] : undefined }}
        onFinish={(values) => void onFinish(values)}
        scrollToFirstError
      >
        {agent && (
          <Card title={t('customer.apply.section.agent')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="customerId" label={t('customer.apply.customerId')} rules={[required]}>
                  <Select
                    options={actsFor.map((id) => ({ value: id, label: names.has(id) ? `${names.get(id)}（${id}）` : id }))}
                    placeholder={t('customer.apply.customerIdPlaceholder')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="authorizationDocumentId"
                  label={t('customer.apply.authorizationDocumentId')}
                  extra={<Typography.Text type="secondary">{t('customer.apply.authorizationDocumentIdHint')}</Typography.Text>}
                  rules={[
                    { ...required, whitespace: true },
                    { max: 100, message: t('error.reason.tooLong') },
                  ]}
                >
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        )}
        {!agent && !identity && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('customer.apply.identityOnFile')} />}
        {identity && (
          <Card title={t('customer.apply.section.identity')} style={{ marginBottom: 16 }}>
            {customer && <Typography.Paragraph type="secondary">{t('customer.apply.identityIntro')}</Typography.Paragraph>}
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={['customer', 'idType']} label={t('customer.apply.idType')} rules={[required]}>
                  <Select options={selectOptions('IdType', ID_TYPES)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item
                  name={['customer', 'idNumber']}
                  label={t('customer.apply.idNumber')}
                  rules={[
                    { ...required, whitespace: true },
                    { max: 40, message: t('error.reason.tooLong') },
                  ]}
                >
                  <Input maxLength={40} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name={['customer', 'name']}
                  label={t('customer.apply.name')}
                  rules={[
                    { ...required, whitespace: true },
                    { max: 200, message: t('error.reason.tooLong') },
                  ]}
                >
                  <Input maxLength={200} autoComplete="name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name={['customer', 'phone']}
                  label={t('customer.apply.phone')}
                  extra={<Typography.Text type="secondary">{t('customer.apply.phoneHint')}</Typography.Text>}
                  rules={[
                    // The front desk returns an application it cannot reach by phone.
                    { ...required, whitespace: true },
                    { pattern: /^(\+?86[ -]?)?(1[3-9]\d{9}|0\d{2,3}[ -]?\d{7,8})$/, message: t('error.reason.format') },
                  ]}
                >
                  <Input autoComplete="tel" inputMode="tel" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name={['customer', 'email']}
                  label={t('customer.apply.email')}
                  rules={[
                    { type: 'email', message: t('error.reason.format') },
                    { max: 254, message: t('error.reason.tooLong') },
                  ]}
                >
                  <Input autoComplete="email" inputMode="email" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        )}
        <Card title={t('customer.apply.section.supply')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="businessType" label={t('customer.apply.businessType')} rules={[required]}>
                <Select options={selectOptions('BusinessType', BUSINESS_TYPES)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="usage" label={t('customer.apply.usage')} rules={[required]}>
                <Select options={selectOptions('Usage', USAGES)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="voltageLevel" label={t('customer.apply.voltageLevel')} rules={[required]}>
                <Select options={selectOptions('VoltageLevel', VOLTAGE_LEVELS)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="capacityKva"
                label={t('customer.apply.capacityKva')}
                rules={[required, { type: 'number', min: 0.001, max: 1_000_000, message: t('error.reason.range') }]}
              >
                <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="supplySources" label={t('customer.apply.supplySources')} rules={[required]}>
                <Select
                  options={[
                    { value: 1, label: t('customer.apply.supplySources.single') },
                    { value: 2, label: t('customer.apply.supplySources.dual') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="wantedDate" label={t('customer.apply.wantedDate')}>
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item
                name="siteAddress"
                label={t('customer.apply.siteAddress')}
                rules={[
                  { ...required, whitespace: true },
                  { max: 500, message: t('error.reason.tooLong') },
                ]}
              >
                <Input maxLength={500} autoComplete="street-address" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="regionCode"
                label={t('customer.apply.regionCode')}
                extra={<Typography.Text type="secondary">{t('customer.apply.regionCodeHint')}</Typography.Text>}
                rules={[required, { pattern: /^\d{6}$/, message: t('error.reason.format') }]}
              >
                <Input maxLength={6} inputMode="numeric" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('customer.apply.section.loads')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">
            {t(highVoltage ? 'customer.apply.loadsRequired' : 'customer.apply.loadsOptional')}
          </Typography.Paragraph>
          <Form.List
            name="loads"
            rules={[
              {
                validator: (_, loads?: unknown[]) =>
                  highVoltage && !loads?.length ? Promise.reject(new Error(t('customer.apply.loadsMissing'))) : Promise.resolve(),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <Row gutter={16} key={field.key} align="bottom">
                    <Col xs={24} md={10}>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('customer.apply.loadName', { n: index + 1 })}
                        rules={[
                          { ...required, whitespace: true },
                          { max: 200, message: t('error.reason.tooLong') },
                        ]}
                      >
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item
                        name={[field.name, 'kw']}
                        label={t('customer.apply.loadKw', { n: index + 1 })}
                        rules={[required, { type: 'number', min: 0.001, max: 1_000_000, message: t('error.reason.range') }]}
                      >
                        <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item
                        name={[field.name, 'quantity']}
                        label={t('customer.apply.loadQuantity', { n: index + 1 })}
                        rules={[required, { type: 'integer', min: 1, max: 100_000, message: t('error.reason.range') }]}
                      >
                        <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={4}>
                      <Form.Item>
                        <Button onClick={() => remove(field.name)}>{t('customer.apply.removeLoad', { n: index + 1 })}</Button>
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" onClick={() => add({ quantity: 1 })} disabled={fields.length >= 500}>
                  {t('customer.apply.addLoad')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Card>
        <Button type="primary" htmlType="submit" size="large" loading={submit.fetching} disabled={agent && actsFor.length === 0}>
          {t('customer.apply.submit')}
        </Button>
      </Form>
    </Page>
  );
}
