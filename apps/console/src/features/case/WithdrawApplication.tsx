import { Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import { CaseWithdrawApplicationDocument } from './case.generated';
import { useAction } from '../../graphql/use-action';
import { useI18n } from '../../i18n/i18n';
import { stateLabel } from './case-data';

/** The customer withdraws the application, with the reason every service is told. */
export function WithdrawApplication({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const withdraw = useAction(CaseWithdrawApplicationDocument, { stateLabel, form, fields: ['reason'] });

  const onFinish = async ({ reason }: { reason: string }) => {
    if (await withdraw.run({ input: { caseId, reason: reason.trim() } }, t('case.withdraw.done'))) {
      setOpen(false);
      form.resetFields();
      onDone();
    }
  };

  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('case.withdraw.open')}
      </Button>
      <Modal
        open={open}
        title={t('case.withdraw.title')}
        okText={t('case.withdraw.confirm')}
        okButtonProps={{ danger: true, loading: withdraw.fetching }}
        cancelText={t('app.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} layout="vertical" name={`withdraw-${caseId}`} onFinish={(v) => void onFinish(v)}>
          <ActionProblemAlert problem={withdraw.problem} />
          <Form.Item
            name="reason"
            label={t('case.withdraw.reason')}
            rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
