import { Button, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { hasRole, useSession } from '../../auth/session';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import { ViewDocumentButton } from '../../components/DocumentViewer';
import { FormModal } from '../../components/FormDialog';
import { CaseRejectDocumentDocument } from './actions/actions.generated';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';
import { stateLabel, type CaseData } from './case-data';

interface Uploaded {
  slot: CaseData['documents'][number]['slot'];
  documentId: string;
  fileName: string;
}

// The front desk may reject a document while it has the application (intake's rejectDocument).
const UNDER_REVIEW = ['SUBMITTED', 'RETURNED'];

/** The rejection of one document with its reason; a new action (and key) each time it opens. */
function RejectDocumentModal({ document, onClose, onRejected }: { document: Uploaded; onClose: () => void; onRejected: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const label = enumLabel(locale, 'DocumentSlot', document.slot);
  const reject = useAction(CaseRejectDocumentDocument, {
    stateLabel,
    form,
    fields: ['reason'],
    labels: { documentId: t('case.docReview.document') },
  });

  const onFinish = async ({ reason }: { reason: string }) => {
    if (await reject.run({ input: { documentId: document.documentId, reason: reason.trim() } }, t('case.docReview.rejected'))) {
      onRejected();
    }
  };

  return (
    <FormModal
      title={t('case.docReview.rejectTitle', { slot: label })}
      okText={t('case.docReview.confirm')}
      danger
      form={form}
      saving={reject.fetching}
      onClose={onClose}
    >
      <Typography.Paragraph>{t('case.docReview.fileName', { file: document.fileName })}</Typography.Paragraph>
      <ActionProblemAlert problem={reject.problem} />
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} name={`reject-${document.documentId}`}>
        <Form.Item
          name="reason"
          label={t('case.docReview.reason')}
          rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
        >
          <Input.TextArea maxLength={1000} rows={3} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/**
 * The intake clerk's review of the uploaded documents: the current version of each slot, each of
 * which can be rejected with a reason while the front desk has the application.
 */
export function DocumentReview({ caseData, onChanged }: { caseData: CaseData; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const [rejecting, setRejecting] = useState<Uploaded>();
  if (!hasRole(session, 'INTAKE_CLERK') || !UNDER_REVIEW.includes(caseData.status)) return null;
  const uploaded: Uploaded[] = caseData.documents.flatMap((d) =>
    d.current ? [{ slot: d.slot, documentId: d.current.id, fileName: d.current.fileName }] : [],
  );

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('case.docReview.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('case.docReview.hint')}</Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey={(d) => d.documentId}
        dataSource={uploaded}
        locale={{ emptyText: t('case.docReview.none') }}
        columns={[
          { key: 'slot', title: t('case.docReview.slot'), render: (_, d) => enumLabel(locale, 'DocumentSlot', d.slot) },
          { key: 'file', title: t('case.docReview.file'), dataIndex: 'fileName' },
          {
            key: 'action',
            title: t('case.docReview.action'),
            render: (_, d) => (
              <Space size="small" wrap>
                <ViewDocumentButton documentId={d.documentId} name={enumLabel(locale, 'DocumentSlot', d.slot)} />
                <Button
                  size="small"
                  danger
                  onClick={() => setRejecting(d)}
                  aria-label={t('case.docReview.rejectFor', { slot: enumLabel(locale, 'DocumentSlot', d.slot) })}
                >
                  {t('case.docReview.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {rejecting && (
        <RejectDocumentModal
          document={rejecting}
          onClose={() => setRejecting(undefined)}
          onRejected={() => {
            setRejecting(undefined);
            onChanged();
          }}
        />
      )}
    </Space>
  );
}
