import { AutoComplete, Flex, Form, Space, Typography, type AutoCompleteProps } from 'antd';
import { useState } from 'react';
import { UploadButton, UploadFeedback, useDocumentUpload, type StoredDocument } from '../../../components/UploadSlot';
import type { MessageKey } from '../../../i18n/messages';
import { enumLabel } from '../../../i18n/enums';
import { useI18n, type I18n } from '../../../i18n/i18n';
import type { CaseData } from '../case-data';

/** A required text field: blanks count as empty. */
export const required = (message: string) => [{ required: true, whitespace: true, message }];

/** A required choice, date or number. */
export const chosen = (message: string) => [{ required: true, message }];

/** The non-empty lines of a text box, trimmed. */
export const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A word from the feature's messages by a key built from a service code; `fallback` when there is none. */
function codeWord(t: I18n['t'], key: string, fallback: string): string {
  const word = t(key as MessageKey);
  return word === key ? fallback : word;
}

/** A slot of an inspection checklist (`SINGLE_LINE_DIAGRAM`, `GENERAL`) in the reader's words; the service's description otherwise. */
export function checklistItemLabel(t: I18n['t'], item: string | null | undefined, description?: string): string {
  if (!item) return description ?? '—';
  return codeWord(t, `case.item.${item}`, description ?? item);
}

/** A countersigning department (`safety`) in the reader's words; as named otherwise. */
export function departmentLabel(t: I18n['t'], department: string | null | undefined): string {
  if (!department) return '—';
  return codeWord(t, `case.department.${department}`, department);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a checklist of an inspection step asks for, one document id per slot. */
export interface ChecklistSlotAsked {
  item: string;
  description: string;
}

/** A document of the case to pick: its id, shown by its file name and slot. */
interface DocumentOption {
  value: string;
  label: string;
}

type DocumentIdInputProps = Omit<AutoCompleteProps<string, DocumentOption>, 'value' | 'onChange' | 'style'> & {
  caseId: string;
  item: string;
  label: string;
  value?: string;
  onChange?: (value: string) => void;
};

/**
 * The document id of one checklist item, as the form control of its `Form.Item` (whose id, value
 * and aria attributes go to the text box): typed, picked, or the id of a file uploaded here as the item.
 */
function DocumentIdInput({ caseId, item, label, value, onChange, ...control }: DocumentIdInputProps) {
  const { t } = useI18n();
  const [stored, setStored] = useState<StoredDocument>();
  const upload = useDocumentUpload(caseId, { item }, (document) => {
    setStored(document);
    onChange?.(document.id);
  });
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Flex wrap gap="small" align="center">
        <AutoComplete {...control} value={value} onChange={onChange} style={{ flex: '1 1 240px', maxWidth: 420 }} />
        <UploadButton upload={upload} label={label} />
      </Flex>
      {/* What was filed, while the item still names it. */}
      {stored && stored.id === value && (
        <Typography.Text type="secondary">
          {t('customer.upload.current', { file: stored.fileName, version: stored.version })}
        </Typography.Text>
      )}
      <UploadFeedback upload={upload} label={label} />
    </Space>
  );
}

/**
 * One document id for each slot of an inspection checklist (design, completion): the ids the
 * document store answered with, uploaded as the item here, typed, or picked from the case's
 * uploaded documents.
 */
export function ChecklistDocuments({
  caseData,
  checklist,
  name = 'documents',
}: {
  caseData: CaseData;
  checklist: readonly ChecklistSlotAsked[];
  name?: string;
}) {
  const { t, locale } = useI18n();
  const uploaded = caseData.documents.flatMap((slot) =>
    slot.current ? [{ value: slot.current.id, label: `${slot.current.fileName}（${enumLabel(locale, 'DocumentSlot', slot.slot)}）` }] : [],
  );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('case.documents.hint')}</Typography.Paragraph>
      {checklist.map((slot) => {
        const label = checklistItemLabel(t, slot.item, slot.description);
        return (
          <Form.Item
            key={slot.item}
            name={[name, slot.item]}
            label={label}
            rules={[
              { required: true, whitespace: true, message: t('error.reason.required') },
              { pattern: UUID, message: t('case.documents.idFormat') },
            ]}
          >
            <DocumentIdInput
              caseId={caseData.id}
              item={slot.item}
              label={label}
              options={uploaded}
              placeholder={t('case.documents.placeholder')}
              filterOption={(input, option) =>
                !input || String(option?.label ?? '').includes(input) || String(option?.value ?? '').startsWith(input)
              }
            />
          </Form.Item>
        );
      })}
    </>
  );
}

/** The documents of a submission by slot, from the form's values, in the checklist's order. */
export function checklistDocuments(checklist: readonly ChecklistSlotAsked[], values: Record<string, string | undefined> | undefined) {
  return checklist.map((slot) => ({ item: slot.item, documentId: (values?.[slot.item] ?? '').trim() }));
}

/** The documents of a former submission by slot, to start the next one from. */
export function documentsByItem(documents: readonly { item: string | null; documentId: string }[] | undefined) {
  return Object.fromEntries((documents ?? []).flatMap((d) => (d.item ? [[d.item, d.documentId]] : [])));
}
