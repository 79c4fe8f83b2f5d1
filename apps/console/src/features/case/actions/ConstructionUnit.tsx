import { Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseChooseConstructionUnitDocument } from './actions.generated';
import type { QualificationClass } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps } from '../case-data';
import { chosen, required } from './forms';

const QUALIFICATION_CLASSES: QualificationClass[] = ['CLASS_1', 'CLASS_2', 'CLASS_3', 'CLASS_4', 'CLASS_5'];
const OTHER = 'OTHER';

interface ChoiceValues {
  unitId: string;
  otherUnit?: { name: string; qualificationClass: QualificationClass; licenceNumber: string };
}

/**
 * The customer chooses who builds: one of the recommended construction units (each with why it
 * was offered), or another unit whose qualification suffices. A choice can be changed until the
 * construction starts.
 */
export function ConstructionUnitChoice({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ChoiceValues>();
  const choose = useAction(CaseChooseConstructionUnitDocument, { stateLabel, form, fields: ['unitId'], lists: ['otherUnit'] });
  const recommendation = caseData.recommendedConstructionUnits;
  const chosenUnit = caseData.chosenConstructionUnit;
  const picked = Form.useWatch('unitId', form);
  if (!recommendation && !chosenUnit) return null;
  const units = recommendation?.units ?? [];

  const onFinish = async (values: ChoiceValues) => {
    const other = values.unitId === OTHER ? values.otherUnit : undefined;
    const input = {
      caseId,
      unitId: other ? undefined : values.unitId,
      otherUnit: other
        ? { name: other.name.trim(), qualificationClass: other.qualificationClass, licenceNumber: other.licenceNumber.trim() }
        : undefined,
    };
    if (await choose.run({ input }, t('case.unit.chosen'))) onDone();
  };

  return (
    <section style={{ marginTop: 24 }}>
      <Typography.Title level={3}>{t('case.unit.title')}</Typography.Title>
      {chosenUnit ? (
        <Typography.Paragraph>
          {t('case.unit.current', {
            name: chosenUnit.unitName,
            class: enumLabel(locale, 'QualificationClass', chosenUnit.qualificationClass),
            at: formatTime(chosenUnit.chosenAt),
          })}
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary">{t('case.unit.hint')}</Typography.Paragraph>
      )}
      {recommendation?.fewerThanThree && <Typography.Paragraph type="secondary">{t('case.unit.fewerThanThree')}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        name={`choose-unit-${caseId}`}
        initialValues={{ unitId: chosenUnit?.unitId ?? undefined }}
        onFinish={(v) => void onFinish(v)}
        style={{ maxWidth: 720 }}
      >
        <ActionProblemAlert problem={choose.problem} />
        <Form.Item name="unitId" label={t('case.unit.choice')} rules={chosen(t('error.reason.required'))}>
          <Radio.Group>
            <Space orientation="vertical">
              {units.map((unit) => (
                <Radio key={unit.unitId} value={unit.unitId}>
                  <Typography.Text strong>{unit.name}</Typography.Text>（{enumLabel(locale, 'QualificationClass', unit.qualificationClass)}
                  ，{t('case.unit.validUntil', { date: unit.validUntil })}）
                  <br />
                  <Typography.Text type="secondary">{t('case.unit.reason', { reason: unit.reason })}</Typography.Text>
                </Radio>
              ))}
              <Radio value={OTHER}>{t('case.unit.other')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {picked === OTHER && (
          <>
            <Form.Item name={['otherUnit', 'name']} label={t('case.unit.otherName')} rules={required(t('error.reason.required'))}>
              <Input maxLength={200} style={{ maxWidth: 420 }} />
            </Form.Item>
            <Form.Item
              name={['otherUnit', 'qualificationClass']}
              label={t('case.unit.otherClass')}
              rules={chosen(t('error.reason.required'))}
            >
              <Select
                style={{ maxWidth: 320 }}
                options={QUALIFICATION_CLASSES.map((value) => ({ value, label: enumLabel(locale, 'QualificationClass', value) }))}
              />
            </Form.Item>
            <Form.Item
              name={['otherUnit', 'licenceNumber']}
              label={t('case.unit.otherLicence')}
              rules={required(t('error.reason.required'))}
            >
              <Input maxLength={100} style={{ maxWidth: 320 }} />
            </Form.Item>
          </>
        )}
        <Button htmlType="submit" type={chosenUnit ? 'default' : 'primary'} loading={choose.fetching}>
          {t(chosenUnit ? 'case.unit.change' : 'case.unit.choose')}
        </Button>
      </Form>
    </section>
  );
}
