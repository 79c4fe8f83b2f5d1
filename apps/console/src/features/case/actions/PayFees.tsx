import { Alert, Button, Descriptions, Form, Input, Table, Typography } from 'antd';
import { hasRole, useSession } from '../../../auth/session';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseRecordPaymentDocument } from './actions.generated';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps } from '../case-data';
import { required } from './forms';

/** Yuan with at most two decimals, more than zero. */
const AMOUNT = /^(?:0|[1-9]\d*)(?:\.\d{1,2})?$/;
const fen = (yuan: string) => Math.round(Number(yuan) * 100);
/** `12.5` -> `12.50`: the amount as the service takes it, without passing through a float. */
const twoDecimals = (text: string) => {
  const [whole, decimals = ''] = text.trim().split('.');
  return `${whole}.${decimals.padEnd(2, '0')}`;
};

interface PaymentValues {
  amount: string;
  reference?: string;
}

/**
 * The business fees: the invoice's items and amounts, the payments so far. Until an online payment
 * provider is connected, the customer pays by transfer or at the counter and the contract officer
 * records each payment received (partial payments add up).
 */
export function PayFees({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<PaymentValues>();
  const pay = useAction(CaseRecordPaymentDocument, { stateLabel, form, fields: ['amount', 'reference'] });
  const fees = caseData.fees;
  if (!fees) return <Alert type="info" showIcon title={t('case.pay.notInvoiced')} />;
  const { invoice, payments } = fees;
  const officer = hasRole(session, 'CONTRACT_OFFICER');

  const onFinish = async (values: PaymentValues) => {
    const input = { caseId, amount: twoDecimals(values.amount), reference: values.reference?.trim() || undefined };
    if (await pay.run({ input }, t('case.pay.recorded', { amount: input.amount }))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <div>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'status', label: t('case.fees.status'), children: enumLabel(locale, 'InvoiceStatus', invoice.status) },
          { key: 'total', label: t('case.fees.total'), children: t('case.yuan', { value: invoice.total }) },
          { key: 'paid', label: t('case.fees.paid'), children: t('case.yuan', { value: invoice.paid }) },
          { key: 'outstanding', label: t('case.fees.outstanding'), children: t('case.yuan', { value: invoice.outstanding }) },
        ]}
      />
      {invoice.items.length > 0 && (
        <Table
          size="small"
          pagination={false}
          style={{ marginBottom: 16 }}
          rowKey={(i) => i.code}
          dataSource={invoice.items}
          columns={[
            { key: 'name', title: t('case.pay.col.item'), render: (_, i) => (locale === 'en' ? i.name : (i.description ?? i.name)) },
            { key: 'basis', title: t('case.pay.col.basis'), render: (_, i) => i.basis },
            { key: 'amount', title: t('case.pay.col.amount'), align: 'right', render: (_, i) => t('case.yuan', { value: i.amount }) },
          ]}
        />
      )}
      {payments.length > 0 && (
        <Table
          size="small"
          pagination={false}
          style={{ marginBottom: 16 }}
          rowKey={(p) => p.id}
          dataSource={payments}
          columns={[
            { key: 'at', title: t('case.pay.col.receivedAt'), render: (_, p) => formatTime(p.receivedAt) },
            { key: 'amount', title: t('case.pay.col.paid'), align: 'right', render: (_, p) => t('case.yuan', { value: p.amount }) },
            { key: 'reference', title: t('case.pay.col.reference'), render: (_, p) => p.reference ?? '—' },
          ]}
        />
      )}
      {!officer ? (
        <Typography.Paragraph>{t('case.pay.howToPay', { amount: invoice.outstanding })}</Typography.Paragraph>
      ) : (
        <Form
          form={form}
          layout="vertical"
          name={`record-payment-${caseId}`}
          initialValues={{ amount: invoice.outstanding }}
          onFinish={(v) => void onFinish(v)}
          style={{ maxWidth: 480 }}
        >
          <ActionProblemAlert problem={pay.problem} />
          <Form.Item
            name="amount"
            label={t('case.pay.amount')}
            extra={t('case.pay.amountHint', { amount: invoice.outstanding })}
            rules={[
              ...required(t('error.reason.required')),
              {
                validator: (_, value?: string) => {
                  const text = value?.trim() ?? '';
                  if (text && (!AMOUNT.test(text) || fen(text) <= 0)) return Promise.reject(new Error(t('case.pay.amountFormat')));
                  if (text && fen(text) > fen(invoice.outstanding))
                    return Promise.reject(new Error(t('case.pay.amountTooMuch', { amount: invoice.outstanding })));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <Input inputMode="decimal" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="reference" label={t('case.pay.reference')}>
            <Input maxLength={100} style={{ width: 320 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={pay.fetching}>
            {t('case.pay.record')}
          </Button>
        </Form>
      )}
    </div>
  );
}
