import { Button, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';

interface Opened {
  url: string;
  type: string;
  fileName: string;
}

/** The file name the document store gave (`content-disposition: attachment; filename*=UTF-8''…`). */
function fileNameOf(disposition: string | null): string | undefined {
  const encoded = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/**
 * Opens a stored document (`GET /documents/:id` with the signed-in token) in a dialog: a PDF in a
 * frame, an image as an image, with the file to keep. `name` says what the document is (its slot or
 * item), for the button's name and while the file's own name is not known.
 */
export function ViewDocumentButton({ documentId, name }: { documentId: string; name: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const [opened, setOpened] = useState<Opened>();
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(false);
  // The file lives in the page only while it is shown.
  useEffect(() => () => (opened ? URL.revokeObjectURL(opened.url) : undefined), [opened]);

  const view = async () => {
    setProblem(undefined);
    setLoading(true);
    try {
      const response = await fetch(`/documents/${encodeURIComponent(documentId)}`, {
        headers: session ? { authorization: `Bearer ${session.token}` } : {},
      });
      if (!response.ok) {
        setProblem(t(response.status === 403 ? 'document.forbidden' : response.status === 404 ? 'document.notFound' : 'document.failed'));
        return;
      }
      const blob = await response.blob();
      setOpened({
        url: URL.createObjectURL(blob),
        type: blob.type,
        fileName: fileNameOf(response.headers.get('content-disposition')) ?? name,
      });
    } catch {
      setProblem(t('document.failed'));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Space size="small" wrap>
      <Button size="small" onClick={() => void view()} loading={loading} aria-label={t('document.viewFor', { name })}>
        {t('document.view')}
      </Button>
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
      {opened && (
        <Modal
          open
          width={900}
          title={opened.fileName}
          onCancel={() => setOpened(undefined)}
          footer={
            <Typography.Link href={opened.url} download={opened.fileName}>
              {t('document.download')}
            </Typography.Link>
          }
        >
          {opened.type.startsWith('image/') ? (
            <img src={opened.url} alt={opened.fileName} style={{ maxWidth: '100%' }} />
          ) : (
            <iframe src={opened.url} title={opened.fileName} style={{ width: '100%', height: 600, border: 0 }} />
          )}
        </Modal>
      )}
    </Space>
  );
}
