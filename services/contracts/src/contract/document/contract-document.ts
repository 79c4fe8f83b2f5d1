import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { create as parseFont, Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { ContractTemplate, TEMPLATE_PLACEHOLDERS, TemplatePlaceholder } from './contract-templates';

/** A template with every placeholder filled: the text of one contract version. */
export interface FilledContract {
  title: string;
  preamble: string[];
  clauses: { heading: string; text: string }[];
  signatureBlock: { heading: string; utility: string[]; customer: string[] };
}

/** The rendered document: its exact bytes, their sha256 (hex) and its number of pages. */
export interface RenderedContract {
  pdf: Buffer;
  sha256: string;
  pageCount: number;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_PLACEHOLDERS);

/** Every placeholder a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

function fill(text: string, values: Record<TemplatePlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    if (!KNOWN.has(name)) throw new Error(`contract template: unknown placeholder {{${name}}}`);
    return values[name as TemplatePlaceholder];
  });
}

/** Fills every text of `template`; an unknown placeholder is an error in the template data. */
export function fillTemplate(template: ContractTemplate, values: Record<TemplatePlaceholder, string>): FilledContract {
  return {
    title: fill(template.title, values),
    preamble: template.preamble.map((line) => fill(line, values)),
    clauses: template.clauses.map((c) => ({ heading: fill(c.heading, values), text: fill(c.text, values) })),
    signatureBlock: {
      heading: fill(template.signatureBlock.heading, values),
      utility: template.signatureBlock.utility.map((line) => fill(line, values)),
      customer: template.signatureBlock.customer.map((line) => fill(line, values)),
    },
  };
}

/** sha256 of exact bytes, lower-case hex. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let cjkFont: Font | undefined;

/**
 * Noto Sans SC (SIL Open Font License), read and parsed once per process: parsing its 10 MB for
 * every document took a third of a render. pdfkit embeds only the glyphs a document uses, with a
 * ToUnicode map, so the text can be searched and copied.
 */
function cjkFontFace(): Font {
  if (!cjkFont) {
    const parsed = parseFont(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')));
    if (!('layout' in parsed)) throw new Error('the contract font is a collection of faces; one face was expected');
    cjkFont = parsed;
  }
  return cjkFont;
}

const FONT = 'NotoSansSC';

/**
 * Renders a filled contract to an A4 PDF with the embedded CJK font. `createdAt`
 * is written as the document's creation date, so the same contract renders to the
 * same bytes. The footer of every page names the case, the version and the page.
 */
export async function renderContractPdf(
  contract: FilledContract,
  meta: { caseNumber: string; version: number; createdAt: Date },
): Promise<RenderedContract> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 72, left: 64, right: 64 },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${contract.title} ${meta.caseNumber}-${meta.version}`,
      Author: 'Yekuo',
      Subject: `${meta.caseNumber} v${meta.version}`,
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  // pdfkit takes a parsed fontkit face as a font source; its type declarations name only files and bytes.
  doc.registerFont(FONT, cjkFontFace() as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font(FONT);
  doc.fontSize(20).text(contract.title, { align: 'center' });
  doc.moveDown(1);
  doc.fontSize(10.5);
  for (const line of contract.preamble) doc.text(line, { lineGap: 3 });
  doc.moveDown(0.8);
  for (const clause of contract.clauses) {
    doc.fontSize(12).text(clause.heading, { lineGap: 2 });
    doc.fontSize(10.5).text(clause.text, { lineGap: 3, align: 'justify' });
    doc.moveDown(0.6);
  }
  doc.moveDown(1);
  doc.fontSize(12).text(contract.signatureBlock.heading, { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(10.5);
  const top = doc.y;
  const columnWidth = (doc.page.width - doc.page.margins.left - doc.page.margins.right) / 2 - 12;
  const left = doc.page.margins.left;
  doc.text(contract.signatureBlock.utility.join('\n\n'), left, top, { width: columnWidth, lineGap: 3 });
  const leftBottom = doc.y;
  doc.text(contract.signatureBlock.customer.join('\n\n'), left + columnWidth + 24, top, { width: columnWidth, lineGap: 3 });
  doc.y = Math.max(leftBottom, doc.y);
  doc.x = left;

  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8.5)
      .text(`业扩编号 ${meta.caseNumber} · 合同版本 ${meta.version} · 第 ${i - start + 1} 页 共 ${count} 页`, left, doc.page.height - 48, {
        width: doc.page.width - left * 2,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await finished;
  const pdf = Buffer.concat(chunks);
  return { pdf, sha256: sha256Of(pdf), pageCount: count };
}
