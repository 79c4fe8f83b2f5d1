/** The types the front desk accepts, recognised by their leading bytes. */
export const ALLOWED_DOCUMENT_TYPES = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
} as const satisfies Record<string, number[][]>;

export type DocumentContentType = keyof typeof ALLOWED_DOCUMENT_TYPES;

/** The allowed type the content really is, by its magic bytes; undefined for anything else. */
export function sniffContentType(content: Buffer): DocumentContentType | undefined {
  for (const [type, signatures] of Object.entries(ALLOWED_DOCUMENT_TYPES) as [DocumentContentType, readonly number[][]][]) {
    if (signatures.some((signature) => signature.every((byte, i) => content[i] === byte))) return type;
  }
  return undefined;
}
