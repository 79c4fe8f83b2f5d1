import { Alert, Button, Descriptions, Divider, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { ViewDocumentButton } from '../../../components/DocumentViewer';
import { CaseReviewDesignDocument, CaseSubmitDesignDocument } from './actions.generated';
import { useAction } from '../../../graphql/use-action';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps, type CaseData } from '../case-data';
import { ConstructionUnitChoice } from './ConstructionUnit';
import { checklistDocuments, checklistItemLabel, ChecklistDocuments, documentsByItem, chosen, required } from './forms';

type DesignRound = NonNullable<CaseData['designReview']>['rounds'][number];

/** The comments of a returned round, item by item. */
function ReturnedComments({ round }: { round: DesignRound }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('case.design.returnedTitle', { round: round.round, at: formatTime(round.decidedAt) })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {round.comments.map((c, i) => (
            <li key={`${c.item ?? ''}-${i}`}>
              {checklistItemLabel(t, c.item ?? 'GENERAL')}：{c.text}
            </li>
          ))}
        </ul>
      }
    />
  );
}

interface SubmitValues {
  designUnit: { name: string; qualificationClass: string; certificateNumber: string };
  documents: Record<string, string>;
}

/** The customer submits the design: the design unit with its qualification, and a document for every slot of the checklist. */
export function SubmitDesign(props: CaseActionProps) {
  const { caseId, caseData, onDone } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<SubmitValues>();
  const submit = useAction(CaseSubmitDesignDocument, { stateLabel, form, lists: ['designUnit', 'documents'] });
  const review = caseData.designReview;
  const last = review?.rounds.at(-1);
  // A resubmission starts from the round before: the same unit, the documents not replaced.
  const [initial] = useState(() => ({
    designUnit: {
      name: last?.designUnit.name ?? '',
      qualificationClass: last?.designUnit.qualificationClass ?? '',
      certificateNumber: last?.designUnit.certificateNumber ?? '',
    },
    documents: documentsByItem(last?.documents),
  }));
  if (!review) return <Alert type="info" showIcon title={t('case.design.notOpen')} />;

  const onFinish = async (values: SubmitValues) => {
    const input = {
      caseId,
      designUnit: {
        name: values.designUnit.name.trim(),
        qualificationClass: values.designUnit.qualificationClass.trim(),
        certificateNumber: values.designUnit.certificateNumber.trim(),
      },
      documents: checklistDocuments(review.checklist, values.documents),
    };
    if (await submit.run({ input }, t('case.design.submitted'))) onDone();
  };

  return (
    <div>
      {last?.decision === 'RETURNED' && <ReturnedComments round={last} />}
      <Form form={form} layout="vertical" name={`submit-design-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
        <ActionProblemAlert problem={submit.problem} />
        <Typography.Title level={3}>{t('case.design.unitTitle')}</Typography.Title>
        <Form.Item name={['designUnit', 'name']} label={t('case.design.unitName')} rules={required(t('error.reason.required'))}>
          <Input maxLength={200} style={{ maxWidth: 420 }} placeholder={t('case.design.unitNameExample')} />
        </Form.Item>
        <Form.Item
          name={['designUnit', 'qualificationClass']}
          label={t('case.design.unitClass')}
          rules={required(t('error.reason.required'))}
        >
          <Input maxLength={200} style={{ maxWidth: 420 }} placeholder={t('case.design.unitClassExample')} />
        </Form.Item>
        <Form.Item
          name={['designUnit', 'certificateNumber']}
          label={t('case.design.unitCertificate')}
          rules={required(t('error.reason.required'))}
        >
          <Input maxLength={100} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Typography.Title level={3}>{t('case.design.documentsTitle')}</Typography.Title>
        <ChecklistDocuments caseData={caseData} checklist={review.checklist} />
        <Button type="primary" htmlType="submit" loading={submit.fetching}>
          {t(last ? 'case.design.resubmit' : 'case.design.submit')}
        </Button>
      </Form>
      {!caseData.chosenConstructionUnit && <ConstructionUnitChoice {...props} />}
    </div>
  );
}

/** The documents of a submission, slot by slot. */
export function SubmittedDocuments({ documents }: { documents: readonly { item: string | null; documentId: string }[] }) {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      title={t('case.documents.submitted')}
      style={{ marginBottom: 16 }}
      items={documents.map((d) => ({
        key: `${d.item ?? ''}-${d.documentId}`,
        label: checklistItemLabel(t, d.item),
        children: (
          <Space size="small" wrap>
            <ViewDocumentButton documentId={d.documentId} name={checklistItemLabel(t, d.item)} />
            <Typography.Text type="secondary">{d.documentId}</Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}

interface ReturnValues {
  comments: { item: string; text: string }[];
}

/** The inspector approves the submitted design, or returns it with comments item by item. */
export function ReviewDesign({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReturnValues>();
  const approve = useAction(CaseReviewDesignDocument, { stateLabel });
  const giveBack = useAction(CaseReviewDesignDocument, { stateLabel, form, lists: ['comments'] });
  const review = caseData.designReview;
  const round = review?.rounds.at(-1);
  if (!review || !round) return <Alert type="info" showIcon title={t('case.design.nothingSubmitted')} />;
  const items = [...review.checklist.map((c) => ({ value: c.item, label: checklistItemLabel(t, c.item, c.description) }))];
  items.push({ value: 'GENERAL', label: checklistItemLabel(t, 'GENERAL') });

  const onApprove = async () => {
    if (await approve.run({ input: { caseId, approve: true } }, t('case.design.approved'))) onDone();
  };
  const onReturn = async (values: ReturnValues) => {
    const comments = values.comments.map((c) => ({ item: c.item, text: c.text.trim() }));
    if (await giveBack.run({ input: { caseId, approve: false, comments } }, t('case.design.returned'))) {
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
          { key: 'round', label: t('case.design.round'), children: round.round },
          { key: 'submitted', label: t('case.design.submittedAt'), children: formatTime(round.submittedAt) },
          { key: 'unit', label: t('case.design.unitName'), children: round.designUnit.name },
          { key: 'class', label: t('case.design.unitClass'), children: round.designUnit.qualificationClass ?? '—' },
          { key: 'certificate', label: t('case.design.unitCertificate'), children: round.designUnit.certificateNumber ?? '—' },
        ]}
      />
      <SubmittedDocuments documents={round.documents} />
      <ActionProblemAlert problem={approve.problem} />
      <Button type="primary" onClick={() => void onApprove()} loading={approve.fetching}>
        {t('case.design.approve')}
      </Button>

      <Divider />
      <Typography.Paragraph type="secondary">{t('case.design.returnHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name={`return-design-${caseId}`}
        initialValues={{ comments: [{ item: undefined, text: '' }] }}
        onFinish={(v) => void onReturn(v)}
      >
        <ActionProblemAlert problem={giveBack.problem} />
        <Form.List
          name="comments"
          rules={[
            {
              validator: (_, rows?: unknown[]) =>
                rows?.length ? Promise.resolve() : Promise.reject(new Error(t('case.design.commentNeeded'))),
            },
          ]}
        >
          {(rows, { add, remove }, { errors }) => (
            <>
              {rows.map((row, index) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item
                    name={[row.name, 'item']}
                    label={t('case.design.commentItem', { n: index + 1 })}
                    rules={chosen(t('error.reason.required'))}
                  >
                    <Select style={{ width: 260 }} options={items} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'text']}
                    label={t('case.design.commentText', { n: index + 1 })}
                    rules={required(t('error.reason.required'))}
                  >
                    <Input.TextArea maxLength={2000} rows={2} style={{ width: 360 }} />
                  </Form.Item>
                  {rows.length > 1 && (
                    <Button onClick={() => remove(row.name)} style={{ marginTop: 30 }}>
                      {t('case.design.removeComment')}
                    </Button>
                  )}
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add({ item: undefined, text: '' })}>
                  {t('case.design.addComment')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </>
          )}
        </Form.List>
        <Button htmlType="submit" danger loading={giveBack.fetching}>
          {t('case.design.return')}
        </Button>
      </Form>
    </div>
  );
}
