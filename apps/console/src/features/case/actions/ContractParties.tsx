import { Button, Form, Input } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseUpdateContractPartiesDocument } from '../case.generated';
import { useAction } from '../../../graphql/use-action';
import { useI18n } from '../../../i18n/i18n';
import { stateLabel, type CaseActionProps } from '../case-data';

interface PartiesValues {
  customerName: string;
  customerAddress?: string;
}

/** A masked name (张*) is not the customer's name: never offer it for the contract. */
const unmasked = (name: string | null | undefined) => (name && !name.includes('*') ? name : undefined);

/** The contract officer supplies or corrects the customer's name and address as written into the contract. */
export function ContractParties({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<PartiesValues>();
  const update = useAction(CaseUpdateContractPartiesDocument, { stateLabel, form, fields: ['customerName', 'customerAddress'] });
  const party = caseData.contract?.parties.customer;

  const onFinish = async (values: PartiesValues) => {
    const input = { caseId, customerName: values.customerName.trim(), customerAddress: values.customerAddress?.trim() || undefined };
    if (await update.run({ input }, t('case.parties.saved'))) onDone();
  };

  return (
    <Form
      form={form}
      layout="vertical"
      name={`parties-${caseId}`}
      initialValues={{
        customerName: party?.name ?? unmasked(caseData.customer?.name) ?? '',
        customerAddress: party?.address ?? '',
      }}
      onFinish={(v) => void onFinish(v)}
      style={{ maxWidth: 560 }}
    >
      <ActionProblemAlert problem={update.problem} />
      <Form.Item
        name="customerName"
        label={t('case.parties.customerName')}
        rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="customerAddress" label={t('case.parties.customerAddress')}>
        <Input maxLength={500} />
      </Form.Item>
      <Button htmlType="submit" type={party?.name ? 'default' : 'primary'} loading={update.fetching}>
        {t('case.parties.save')}
      </Button>
    </Form>
  );
}
