import { AutoComplete, Form, Typography } from 'antd';
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

/**
 * One document id for each slot of an inspection checklist (design, completion): the ids the
 * document store answered with, typed or picked from the case's uploaded documents.
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
      {checklist.map((slot) => (
        <Form.Item
          key={slot.item}
          name={[name, slot.item]}
          label={checklistItemLabel(t, slot.item, slot.description)}
          rules={[
            { required: true, whitespace: true, message: t('error.reason.required') },
            { pattern: UUID, message: t('case.documents.idFormat') },
          ]}
        >
          <AutoComplete
            options={uploaded}
            style={{ maxWidth: 420 }}
            placeholder={t('case.documents.placeholder')}
            filterOption={(input, option) =>
              !input || String(option?.label ?? '').includes(input) || String(option?.value ?? '').startsWith(input)
            }
          />
        </Form.Item>
      ))}
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
