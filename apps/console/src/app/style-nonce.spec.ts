/** @jest-environment jsdom */
import { nonceStylesCreatedByScript } from './style-nonce';

describe('nonceStylesCreatedByScript', () => {
  it("gives style elements made by script the page's nonce, and nothing else", () => {
    const doc = document.implementation.createHTMLDocument('console');
    nonceStylesCreatedByScript(doc, 'n0nce');
    expect(doc.createElement('style').nonce).toBe('n0nce');
    expect(doc.createElement('STYLE').nonce).toBe('n0nce');
    expect(doc.createElement('script').nonce).toBe('');
    expect(doc.createElement('div').tagName).toBe('DIV');
  });

  it('leaves the document alone when the page has no nonce (the Vite dev server)', () => {
    const doc = document.implementation.createHTMLDocument('console');
    const original = doc.createElement;
    nonceStylesCreatedByScript(doc, undefined);
    expect(doc.createElement).toBe(original);
  });
});
