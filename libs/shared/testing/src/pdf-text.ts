import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF as a reader extracts it (pdf-parse, in a child process: it cannot load
 * inside Jest's module system), and its page count.
 */
export function pdfText(bytes: Buffer): { text: string; pages: number } {
  const script = `
    const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      const result = await parser.getText();
      await parser.destroy();
      process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
    });`;
  const out = execFileSync(process.execPath, ['-e', script], { input: bytes, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as { text: string; pages: number };
}
