import { Alert, Button, Collapse, Divider, Form, Input, Select, Space, Typography } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseOverrideCategoryDocument } from './actions.generated';
import { CaseAcceptApplicationDocument, CaseReturnApplicationDocument } from '../case.generated';
import type { CustomerCategory } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { stateLabel, type CaseActionProps } from '../case-data';

const CATEGORIES: CustomerCategory[] = ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'];

interface OverrideValues {
  category: CustomerCategory;
  reason: string;
}

/** The category set by hand when the derived one does not fit, with the reason (audited). */
function OverrideCategory({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<OverrideValues>();
  const override = useAction(CaseOverrideCategoryDocument, { stateLabel, form, fields: ['category', 'reason'] });
  const derived = caseData.application.derivedCategory ?? caseData.category;

  const onFinish = async ({ category, reason }: OverrideValues) => {
    if (await override.run({ input: { caseId, category, reason: reason.trim() } }, t('case.override.done'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <>
      <Typography.Paragraph>
        {t('case.override.current', {
          category: enumLabel(locale, 'CustomerCategory', caseData.category),
          derived: enumLabel(locale, 'CustomerCategory', derived),
        })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('case.override.hint')}</Typography.Paragraph>
      <ActionProblemAlert problem={override.problem} />
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} name={`override-${caseId}`}>
        <Form.Item
          name="category"
          label={t('case.override.category')}
          rules={[
            { required: true, message: t('error.reason.required') },
            {
              validator: (_, value) =>
                value === caseData.category ? Promise.reject(new Error(t('case.override.same'))) : Promise.resolve(),
            },
          ]}
        >
          <Select
            style={{ maxWidth: 320 }}
            options={CATEGORIES.map((value) => ({ value, label: enumLabel(locale, 'CustomerCategory', value) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('case.override.reason')}
          rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
        >
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={override.fetching}>
          {t('case.override.submit')}
        </Button>
      </Form>
    </>
  );
}

interface ReturnValues {
  items?: { item: string; reason: string }[];
  comment?: string;
}

/**
 * The front desk's review: accept the application, or return it with one notice of everything
 * missing; and, folded away, the customer category set by hand when the derived one does not fit.
 */
export function ReviewApplication({ caseId, caseData, completeness, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ReturnValues>();
  const accept = useAction(CaseAcceptApplicationDocument, { stateLabel });
  const giveBack = useAction(CaseReturnApplicationDocument, { stateLabel, form, fields: ['comment'], lists: ['items'] });
  const missing = completeness?.items ?? [];

  const onAccept = async () => {
    if (await accept.run({ caseId }, t('case.review.accepted'))) onDone();
  };
  const onReturn = async (values: ReturnValues) => {
    const items = (values.items ?? []).map((i) => ({ item: i.item.trim(), reason: i.reason.trim() }));
    const comment = values.comment?.trim() || undefined;
    if (await giveBack.run({ input: { caseId, items, comment } }, t('case.review.returned'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <div>
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('case.review.missing')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {missing.map((m) => (
                <li key={`${m.slot ?? m.field ?? ''}${m.item}`}>
                  {m.item}：{m.reason}
                  {m.slot ? `（${enumLabel(locale, 'DocumentSlot', m.slot)}）` : ''}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Typography.Paragraph>{t('case.review.complete')}</Typography.Paragraph>
      )}
      <ActionProblemAlert problem={accept.problem} />
      <Button type="primary" onClick={() => void onAccept()} loading={accept.fetching}>
        {t('case.review.accept')}
      </Button>

      <Divider />
      <Typography.Paragraph type="secondary">{t('case.review.returnHint')}</Typography.Paragraph>
      <ActionProblemAlert problem={giveBack.problem} />
      <Form form={form} layout="vertical" onFinish={(v) => void onReturn(v)} name={`return-${caseId}`}>
        <Form.List name="items">
          {(rows, { add, remove }, { errors }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item
                    name={[row.name, 'item']}
                    label={t('case.review.item')}
                    rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
                  >
                    <Input maxLength={200} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'reason']}
                    label={t('case.review.reason')}
                    rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
                  >
                    <Input.TextArea maxLength={1000} rows={2} style={{ width: 360 }} />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)} style={{ marginTop: 30 }}>
                    {t('case.review.removeItem')}
                  </Button>
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add({ item: '', reason: '' })}>
                  {t('case.review.addItem')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item name="comment" label={t('case.review.comment')}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Button htmlType="submit" danger loading={giveBack.fetching}>
          {t('case.review.return')}
        </Button>
      </Form>

      <Collapse
        style={{ marginTop: 24 }}
        items={[
          {
            key: 'category',
            label: t('case.override.title'),
            children: <OverrideCategory caseId={caseId} caseData={caseData} completeness={completeness} onDone={onDone} />,
          },
        ]}
      />
    </div>
  );
}
