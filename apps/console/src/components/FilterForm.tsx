import {
  Button,
  Col,
  Form,
  Row,
  Select,
  Space,
  type ColProps,
  type FormInstance,
  type FormItemProps,
  type FormProps,
  type SelectProps,
} from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

interface FilterFormProps<Values> {
  form?: FormInstance<Values>;
  initialValues?: FormProps<Values>['initialValues'];
  onFinish: (values: Values) => void;
  onReset?: () => void;
  /** The widths of the buttons' column at each breakpoint. */
  actions: ColProps;
  /** The form's buttons: Search and Reset unless given. */
  buttons?: ReactNode;
  /** The fields (FilterField). */
  children: ReactNode;
}

/**
 * A form that narrows what a page shows: its fields side by side, then its buttons, all in one
 * row whose columns line up at the bottom.
 */
export function FilterForm<Values>({ form, initialValues, onFinish, onReset, actions, buttons, children }: FilterFormProps<Values>) {
  return (
    <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} onReset={onReset}>
      <Row gutter={16} align="bottom">
        {children}
        <Col {...actions}>
          <Form.Item>{buttons ?? <FilterButtons />}</Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

/** A filter form's Search (submits) and Reset (clears the fields) buttons. */
export function FilterButtons() {
  const { t } = useI18n();
  return (
    <Space>
      <Button type="primary" htmlType="submit">
        {t('app.search')}
      </Button>
      <Button htmlType="reset">{t('app.reset')}</Button>
    </Space>
  );
}

interface FilterFieldProps {
  name: string;
  label: string;
  rules?: FormItemProps['rules'];
  /** The column's width (of 24) on a phone, a tablet, and wider screens. */
  xs?: number;
  sm?: number;
  md?: number;
  lg?: number;
  children: ReactNode;
}

/** One field of a filter form in its column: the whole row on a phone and half of it on a tablet unless told. */
export function FilterField({ name, label, rules, xs = 24, sm = 12, md, lg, children }: FilterFieldProps) {
  return (
    <Col xs={xs} sm={sm} md={md} lg={lg}>
      <Form.Item name={name} label={label} rules={rules}>
        {children}
      </Form.Item>
    </Col>
  );
}

/** A choice a filter may leave open: clearable, and reading "Any" while empty. */
export function AnySelect(props: Omit<SelectProps<string>, 'allowClear' | 'placeholder'>) {
  const { t } = useI18n();
  return <Select allowClear placeholder={t('app.any')} {...props} />;
}
