import { Button, Drawer, Modal, Space, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

interface FormDialogProps {
  title: string;
  /** The form that saving submits. */
  form: FormInstance;
  /** The action is under way: the saving button spins. */
  saving: boolean;
  onClose: () => void;
  children: ReactNode;
}

/** A form in a drawer, with Save (submits it) and Cancel at its foot; closed, it keeps nothing. */
export function FormDrawer({ title, form, saving, onClose, size, children }: FormDialogProps & { size: number }) {
  const { t } = useI18n();
  return (
    <Drawer
      open
      size={size}
      title={title}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button type="primary" onClick={() => form.submit()} loading={saving}>
            {t('app.save')}
          </Button>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}

interface FormModalProps extends FormDialogProps {
  /** The words of the button that submits the form. */
  okText: string;
  /** The action cannot be undone (a red button). */
  danger?: boolean;
  disabled?: boolean;
}

/** A form in a dialog, whose OK button submits it; closed, it keeps nothing. */
export function FormModal({ title, form, saving, onClose, okText, danger, disabled, children }: FormModalProps) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('app.cancel')}
      okButtonProps={{ danger, disabled, loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {children}
    </Modal>
  );
}
