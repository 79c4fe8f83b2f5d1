import { Alert, Button, Descriptions, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../../auth/session';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseCountersignDocument, CaseRequestCompletionAcceptanceDocument } from './actions.generated';
import type { InspectionItemResult } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps, type CaseData } from '../case-data';
import { SubmittedDocuments } from './Design';
import { checklistDocuments, ChecklistDocuments, chosen, departmentLabel, documentsByItem, lines } from './forms';

type Notice = NonNullable<NonNullable<CaseData['acceptance']>['rectificationNotice']>;

/** The rectification notice of a failed round: every item, by the department that failed it. */
function RectificationNoticeAlert({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('case.acceptance.noticeTitle', {
        round: notice.round,
        at: formatTime(notice.issuedAt),
        departments: notice.departments.map((d) => departmentLabel(t, d)).join('、'),
      })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {notice.items.map((i) => (
            <li key={`${i.department}-${i.item}`}>
              {departmentLabel(t, i.department)}：{i.item}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * The customer requests completion acceptance with a document for every slot of the checklist;
 * after a rectification notice, the re-inspection by the departments that failed.
 */
export function RequestCompletionAcceptance({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ documents: Record<string, string> }>();
  const request = useAction(CaseRequestCompletionAcceptanceDocument, { stateLabel, form, lists: ['documents'] });
  const acceptance = caseData.acceptance;
  // After a failure the next request starts from the documents of the round before.
  const [initial] = useState(() => ({ documents: documentsByItem(acceptance?.documents) }));
  if (!acceptance) return <Alert type="info" showIcon title={t('case.acceptance.notOpen')} />;
  const notice = acceptance.rectificationNotice;

  const onFinish = async (values: { documents: Record<string, string> }) => {
    const input = { caseId, documents: checklistDocuments(acceptance.checklist, values.documents) };
    if (await request.run({ input }, t('case.acceptance.requested'))) onDone();
  };

  return (
    <div>
      {notice && <RectificationNoticeAlert notice={notice} />}
      <Form form={form} layout="vertical" name={`request-acceptance-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
        <ActionProblemAlert problem={request.problem} />
        <ChecklistDocuments caseData={caseData} checklist={acceptance.checklist} />
        <Button type="primary" htmlType="submit" loading={request.fetching}>
          {t(notice ? 'case.acceptance.requestAgain' : 'case.acceptance.request')}
        </Button>
      </Form>
    </div>
  );
}

interface CountersignValues {
  result: InspectionItemResult;
  items?: string;
}

/**
 * A department's countersignature of the current acceptance round, for the department in the
 * signer's token: PASS (with remarks, if any) or FAIL with the items to rectify.
 */
export function Countersign({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<CountersignValues>();
  const sign = useAction(CaseCountersignDocument, { stateLabel, form, fields: ['result', 'items'] });
  const result = Form.useWatch('result', form) ?? 'PASS';
  const acceptance = caseData.acceptance;
  const department = session?.claims.department;
  if (!acceptance) return <Alert type="info" showIcon title={t('case.acceptance.notOpen')} />;
  const signed = acceptance.signatures.find((s) => s.department === department);
  const mine = department !== undefined && acceptance.pendingDepartments.includes(department);

  const onFinish = async (values: CountersignValues) => {
    const items = lines(values.items);
    if (await sign.run({ input: { caseId, result: values.result, items } }, t('case.countersign.done'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <div>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'round', label: t('case.acceptance.round'), children: acceptance.currentRound },
          { key: 'requested', label: t('case.acceptance.requestedAt'), children: formatTime(acceptance.requestedAt) },
          {
            key: 'required',
            label: t('case.acceptance.requiredDepartments'),
            children: acceptance.requiredDepartments.map((d) => departmentLabel(t, d)).join('、') || t('app.none'),
          },
          {
            key: 'pending',
            label: t('case.acceptance.pendingDepartments'),
            children: acceptance.pendingDepartments.map((d) => departmentLabel(t, d)).join('、') || t('app.none'),
          },
        ]}
      />
      <SubmittedDocuments documents={acceptance.documents} />
      {acceptance.signatures.length > 0 && (
        <Descriptions
          size="small"
          bordered
          column={1}
          title={t('case.countersign.signatures')}
          style={{ marginBottom: 16 }}
          items={acceptance.signatures.map((s) => ({
            key: s.department,
            label: departmentLabel(t, s.department),
            children: [enumLabel(locale, 'InspectionItemResult', s.result), s.items.join('；'), formatTime(s.signedAt)]
              .filter(Boolean)
              .join('，'),
          }))}
        />
      )}
      {!department ? (
        <Alert type="warning" showIcon title={t('case.countersign.noDepartment')} />
      ) : signed ? (
        <Alert type="info" showIcon title={t('case.countersign.signed', { department: departmentLabel(t, department) })} />
      ) : !mine ? (
        <Alert type="info" showIcon title={t('case.countersign.notRequired', { department: departmentLabel(t, department) })} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          name={`countersign-${caseId}`}
          initialValues={{ result: 'PASS' }}
          onFinish={(v) => void onFinish(v)}
          style={{ maxWidth: 640 }}
        >
          <Typography.Paragraph>{t('case.countersign.as', { department: departmentLabel(t, department) })}</Typography.Paragraph>
          <ActionProblemAlert problem={sign.problem} />
          <Form.Item name="result" label={t('case.countersign.result')} rules={chosen(t('error.reason.required'))}>
            <Radio.Group
              options={(['PASS', 'FAIL'] as const).map((value) => ({ value, label: enumLabel(locale, 'InspectionItemResult', value) }))}
            />
          </Form.Item>
          <Form.Item
            name="items"
            label={t(result === 'FAIL' ? 'case.countersign.failItems' : 'case.countersign.remarks')}
            extra={t('case.countersign.itemsHint')}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value?: string) =>
                  getFieldValue('result') === 'FAIL' && lines(value).length === 0
                    ? Promise.reject(new Error(t('case.countersign.itemsNeeded')))
                    : Promise.resolve(),
              }),
            ]}
            required={result === 'FAIL'}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={sign.fetching}>
            {t('case.countersign.submit')}
          </Button>
        </Form>
      )}
    </div>
  );
}
