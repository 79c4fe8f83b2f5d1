import { Button, Form, Input, InputNumber } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseCompleteFastPathDocument } from '../case.generated';
import { useAction } from '../../../graphql/use-action';
import { useI18n } from '../../../i18n/i18n';
import { stateLabel, type CaseActionProps } from '../case-data';

interface FastPathValues {
  siteConditions: string;
  supplyPoints: string;
  transformerCapacityKva?: number | null;
  propertyBoundary?: string;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The surveyor's visit and the standard scheme in one step (low voltage): what was found, the feasible supply points. */
export function FastPath({ caseId, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<FastPathValues>();
  const complete = useAction(CaseCompleteFastPathDocument, {
    stateLabel,
    form,
    fields: ['siteConditions', 'supplyPoints', 'transformerCapacityKva', 'propertyBoundary'],
    // The supply points are one text box, a line each.
    aliases: { supplyPointOptions: 'supplyPoints' },
  });

  const onFinish = async (values: FastPathValues) => {
    const input = {
      caseId,
      siteConditions: values.siteConditions.trim(),
      supplyPointOptions: lines(values.supplyPoints),
      transformerCapacityKva: values.transformerCapacityKva ?? undefined,
      propertyBoundary: values.propertyBoundary?.trim() || undefined,
    };
    if (await complete.run({ input }, t('case.fastPath.done'))) onDone();
  };

  return (
    <Form form={form} layout="vertical" name={`fast-path-${caseId}`} onFinish={(v) => void onFinish(v)} style={{ maxWidth: 640 }}>
      <ActionProblemAlert problem={complete.problem} />
      <Form.Item
        name="siteConditions"
        label={t('case.fastPath.siteConditions')}
        rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item
        name="supplyPoints"
        label={t('case.fastPath.supplyPoints')}
        extra={t('case.fastPath.supplyPointsHint')}
        rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="transformerCapacityKva" label={t('case.fastPath.transformerCapacity')}>
        <InputNumber min={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="propertyBoundary" label={t('case.fastPath.propertyBoundary')}>
        <Input maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={complete.fetching}>
        {t('case.fastPath.submit')}
      </Button>
    </Form>
  );
}
