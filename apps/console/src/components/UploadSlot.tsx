import { Alert, Button, Card, Progress, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { CombinedError, useQuery } from 'urql';
import { useSession } from '../auth/session';
import { CustomerChecklistDocument } from '../features/customer/customer.generated';
import type { ChecklistSlotStatus, DocumentSlot } from '../graphql/schema';
import { enumLabel } from '../i18n/enums';
import { describeError } from '../i18n/errors';
import { useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** The largest document the front desk takes (intake's DOCUMENT_MAX_BYTES). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The kinds of document the front desk takes, by file name extension. */
const DOCUMENT_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
const ACCEPT = [...Object.keys(DOCUMENT_TYPES).map((ext) => `.${ext}`), ...new Set(Object.values(DOCUMENT_TYPES))].join(',');

/** Why a file cannot be sent, before any request; undefined when it may be. */
export function documentProblem(file: Pick<File, 'name' | 'size' | 'type'>): 'type' | 'size' | 'empty' | undefined {
  const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const expected = DOCUMENT_TYPES[ext];
  // A browser may not know a type (empty); one it names must agree with the extension.
  if (!expected || (file.type !== '' && file.type !== expected && file.type !== 'application/octet-stream')) return 'type';
  if (file.size > MAX_DOCUMENT_BYTES) return 'size';
  if (file.size === 0) return 'empty';
  return undefined;
}

/** One checklist slot as the upload needs it (a `ChecklistSlot` of the graph). */
export interface UploadSlotValue {
  slot: DocumentSlot;
  title: string;
  required: boolean;
  status: ChecklistSlotStatus;
  current?: { fileName: string; version: number; rejection?: { reason: string } | null } | null;
}

interface Refusal {
  status: number;
  body: unknown;
}

/** Where an upload is filed: a slot of the application's checklist, or an item of a later stage's checklist. */
export type UploadTarget = { slot: string } | { item: string };

/** A stored document as `POST /documents` answers it. */
export interface StoredDocument {
  id: string;
  fileName: string;
  version: number;
}

/** The JSON of an answer; undefined when it has none (a proxy's error page, say). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `POST /documents` with progress; resolves with the stored document or the refusal. */
function sendDocument(
  request: { token: string | undefined; caseId: string; target: UploadTarget; file: File; key: string },
  onProgress: (percent: number) => void,
  xhrRef: { current?: XMLHttpRequest },
): Promise<{ stored: StoredDocument } | { refusal: Refusal }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    const form = new FormData();
    form.set('caseId', request.caseId);
    if ('slot' in request.target) form.set('slot', request.target.slot);
    else form.set('item', request.target.item);
    form.set('file', request.file, request.file.name);
    xhr.open('POST', '/documents');
    if (request.token) xhr.setRequestHeader('authorization', `Bearer ${request.token}`);
    // A retry of the same file is stored once (the gateway keeps the first answer under this key).
    xhr.setRequestHeader('idempotency-key', request.key);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.min(99, Math.floor((event.loaded / event.total) * 100)));
    };
    xhr.onload = () => {
      const body = parsed(xhr.responseText);
      if (xhr.status === 200 || xhr.status === 201) return resolve({ stored: body as StoredDocument });
      resolve({ refusal: { status: xhr.status, body } });
    };
    xhr.onerror = () => resolve({ refusal: { status: 0, body: undefined } });
    xhr.onabort = () => resolve({ refusal: { status: -1, body: undefined } });
    xhr.send(form);
  });
}

/** The refusal's code and details: intake answers `{ code, message, … }`, the gateway `{ errors: [{ message, extensions }] }`. */
function refusalOf(body: unknown): { code?: string; message: string; extensions: Record<string, unknown> } {
  const object = (body ?? {}) as Record<string, unknown>;
  const first = Array.isArray(object.errors) ? (object.errors[0] as Record<string, unknown> | undefined) : undefined;
  const extensions = (first?.extensions ?? object) as Record<string, unknown>;
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const message = typeof (first ?? object).message === 'string' ? String((first ?? object).message) : '';
  return { code, message, extensions };
}

const UPLOAD_WORDS: Partial<Record<string, MessageKey>> = {
  UNSUPPORTED_MEDIA_TYPE: 'customer.upload.refusedType',
  PAYLOAD_TOO_LARGE: 'customer.upload.tooLarge',
  VALIDATION_FAILED: 'customer.upload.refusedInvalid',
  UNAVAILABLE: 'error.SERVICE_UNAVAILABLE',
  BAD_GATEWAY: 'error.SERVICE_UNAVAILABLE',
  GATEWAY_TIMEOUT: 'error.SERVICE_UNAVAILABLE',
};

/** The server's refusal of an upload, in the person's words. */
export function describeRefusal(i18n: I18n, refusal: Refusal): string {
  if (refusal.status === 0) return i18n.t('error.NETWORK');
  const { code, message, extensions } = refusalOf(refusal.body);
  const own = code ? UPLOAD_WORDS[code] : refusal.status === 413 ? 'customer.upload.tooLarge' : undefined;
  if (own) return i18n.t(own);
  const error = new CombinedError({
    graphQLErrors: [{ message, extensions: { ...extensions, code: code ?? (refusal.status === 401 ? 'UNAUTHENTICATED' : 'unknown') } }],
  });
  return describeError(i18n, error, (state) => enumLabel(i18n.locale, 'ApplicationStatus', state)).message;
}

/** What is wrong with a file before any request, in the person's words. */
const PROBLEM_WORDS: Record<NonNullable<ReturnType<typeof documentProblem>>, MessageKey> = {
  type: 'customer.upload.wrongType',
  size: 'customer.upload.tooLarge',
  empty: 'customer.upload.empty',
};

/**
 * Uploads a PDF, JPEG or PNG of at most 10 MiB to `POST /documents` as `target` of the case, with
 * its progress, then calls `onUploaded` with the stored document. A refusal is kept in words;
 * one worth another try (network, server, rate limit) can be retried with the same key.
 */
export function useDocumentUpload(caseId: string, target: UploadTarget, onUploaded: (document: StoredDocument) => void) {
  const i18n = useI18n();
  const { session } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const xhr = useRef<XMLHttpRequest>(undefined);
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();
  // The file of the last failed attempt, retried with the same key.
  const [failed, setFailed] = useState<{ file: File; key: string }>();

  useEffect(() => () => xhr.current?.abort(), []);

  const upload = async (file: File, key: string) => {
    setError(undefined);
    setFailed(undefined);
    const problem = documentProblem(file);
    if (problem) return setError(i18n.t(PROBLEM_WORDS[problem]));
    setProgress(0);
    const sent = await sendDocument({ token: session?.token, caseId, target, file, key }, setProgress, xhr);
    setProgress(undefined);
    if ('stored' in sent) return onUploaded(sent.stored);
    const { refusal } = sent;
    if (refusal.status === -1) return;
    setError(describeRefusal(i18n, refusal));
    // A key the gateway says is spent, or a refusal of the file itself, is not retried as it was.
    const { code } = refusalOf(refusal.body);
    const retryable = refusal.status === 0 || refusal.status >= 500 || code === 'RATE_LIMITED';
    if (retryable) setFailed({ file, key });
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again is a change too.
    event.target.value = '';
    if (file) void upload(file, crypto.randomUUID());
  };

  return {
    input: { ref: input, type: 'file', hidden: true, accept: ACCEPT, onChange },
    choose: () => input.current?.click(),
    busy: progress !== undefined,
    progress,
    error,
    retry: failed && (() => void upload(failed.file, failed.key)),
  };
}

type DocumentUpload = ReturnType<typeof useDocumentUpload>;

/**
 * The button that picks a file for `upload`, and its hidden file input; both are named after
 * `label`, what the file is for.
 */
export function UploadButton({
  upload,
  label,
  again = false,
  disabled = false,
}: {
  upload: DocumentUpload;
  label: string;
  again?: boolean;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <input {...upload.input} aria-label={t('customer.upload.fileOf', { slot: label })} disabled={disabled || upload.busy} />
      <Button
        onClick={upload.choose}
        disabled={disabled}
        loading={upload.busy}
        // The name begins with the words the button shows (WCAG 2.5.3), then says what the file is for.
        aria-label={t(again ? 'customer.upload.replaceFor' : 'customer.upload.chooseFor', { slot: label })}
      >
        {t(again ? 'customer.upload.replace' : 'customer.upload.choose')}
      </Button>
    </>
  );
}

/** The progress of `upload` while it is sent, and its refusal in words, with a retry when worth one. */
export function UploadFeedback({ upload, label }: { upload: DocumentUpload; label: string }) {
  const { t } = useI18n();
  return (
    <>
      {upload.busy && <Progress percent={upload.progress} size="small" aria-label={t('customer.upload.progress', { slot: label })} />}
      {upload.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={upload.error}
          action={
            upload.retry && (
              <Button size="small" onClick={upload.retry}>
                {t('app.retry')}
              </Button>
            )
          }
        />
      )}
    </>
  );
}

/** One checklist slot: what it holds, and the upload of its file. */
export function UploadSlot({
  caseId,
  slot,
  onUploaded,
  disabled = false,
}: {
  caseId: string;
  slot: UploadSlotValue;
  onUploaded: () => void;
  disabled?: boolean;
}) {
  const { t, locale } = useI18n();
  const upload = useDocumentUpload(caseId, { slot: slot.slot }, onUploaded);
  const label = enumLabel(locale, 'DocumentSlot', slot.slot);
  const statusLabel = enumLabel(locale, 'ChecklistSlotStatus', slot.status);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-slot={slot.slot}>
      <Space wrap>
        <Typography.Text strong>{label}</Typography.Text>
        <Tag>{t(slot.required ? 'customer.upload.required' : 'customer.upload.optional')}</Tag>
        <Tag>{statusLabel}</Tag>
      </Space>
      {locale === 'en' && slot.title !== label && <Typography.Text type="secondary">{slot.title}</Typography.Text>}
      {slot.current && (
        <Typography.Text>{t('customer.upload.current', { file: slot.current.fileName, version: slot.current.version })}</Typography.Text>
      )}
      {slot.status === 'REJECTED' && slot.current?.rejection && (
        <Alert type="warning" showIcon title={t('customer.upload.rejected', { reason: slot.current.rejection.reason })} />
      )}
      <Space wrap>
        <UploadButton upload={upload} label={label} again={Boolean(slot.current)} disabled={disabled} />
        <Typography.Text type="secondary">{t('customer.upload.hint')}</Typography.Text>
      </Space>
      <UploadFeedback upload={upload} label={label} />
    </Space>
  );
}

/** What the completeness check says of a field, in the person's words where the field is known. */
const FIELD_WORDS: Partial<Record<string, MessageKey>> = {
  'application.loads': 'customer.checklist.field.loads',
  'application.wantedDate': 'customer.checklist.field.wantedDate',
  'customer.phone': 'customer.checklist.field.phone',
};

/**
 * Every checklist slot of a case with its upload, and what the front desk still misses; read
 * again from the server after each upload. Uploads are open while the front desk has the
 * application (submitted or returned).
 */
export function ChecklistUploads({ caseId, onUploaded }: { caseId: string; onUploaded?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [{ data, fetching, error }, refetch] = useQuery({ query: CustomerChecklistDocument, variables: { caseId } });
  if (error && !data) return <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} />;
  if (!data) return <Spin />;
  const open = data.case.status === 'SUBMITTED' || data.case.status === 'RETURNED';
  const report = data.completenessCheck;
  const fieldItems = report.items.filter((item) => !item.slot);
  const uploaded = () => {
    refetch({ requestPolicy: 'network-only' });
    onUploaded?.();
  };
  return (
    <Card title={t('customer.checklist.title')} extra={fetching ? <Spin size="small" /> : undefined}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {report.complete ? (
          <Alert type="success" showIcon title={t('customer.checklist.complete')} />
        ) : (
          <Alert
            type="info"
            showIcon
            title={t('customer.checklist.incomplete', { count: report.items.length })}
            description={
              fieldItems.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {fieldItems.map((item) => {
                    const own = item.field ? FIELD_WORDS[item.field] : undefined;
                    return <li key={`${item.field ?? ''}${item.item}`}>{own ? t(own) : `${item.item}: ${item.reason}`}</li>;
                  })}
                </ul>
              )
            }
          />
        )}
        {!open && <Typography.Text type="secondary">{t('customer.checklist.closed')}</Typography.Text>}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {data.case.documents.map((slot) => (
            <li key={slot.slot} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
              <UploadSlot caseId={caseId} slot={slot} onUploaded={uploaded} disabled={!open} />
            </li>
          ))}
        </ul>
      </Space>
    </Card>
  );
}
