import { REPORT_COLUMNS, reportCells, TimeLimitReportData } from './time-limit-report';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The report as an xlsx workbook: one sheet named after the jurisdiction and month, the same header and cells as the CSV.
 * ExcelJS is loaded on the first workbook asked for, not when intake starts (about 0.3 s and 27 MiB it would otherwise spend at every boot).
 */
export async function reportXlsx(report: TimeLimitReportData): Promise<Buffer> {
  // A CommonJS package: its exports are the namespace's default.
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  workbook.created = report.to;
  const sheet = workbook.addWorksheet(`${report.jurisdiction} ${report.month}`.slice(0, 31));
  sheet.addRow(REPORT_COLUMNS).font = { bold: true };
  // An unknown rate or average (and no breach) is an empty cell, as in the CSV.
  for (const row of report.categories) sheet.addRow(reportCells(row).map((cell) => (cell === '' ? null : cell)));
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
