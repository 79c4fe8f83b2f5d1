/**
 * Gives every `<style>` element the console's own scripts create the page's CSP nonce.
 *
 * Ant Design's styles get it through `ConfigProvider csp`, but its helper that measures the
 * scroll bar (tables, and the scroll lock of modals and drawers) writes a `<style>` without one
 * (react-component/util#613, ant-design/ant-design#58150, both open), which the page's CSP then
 * blocks. Scripts run only from the site ('self'), so a style element made by script is the
 * console's own; markup injected into the page gets no nonce, which is what the nonce guards.
 */
export function nonceStylesCreatedByScript(doc: Document, nonce: string | undefined): void {
  if (!nonce) return;
  const create = doc.createElement.bind(doc);
  const createWithNonce = (tagName: string, options?: ElementCreationOptions): HTMLElement => {
    const element = create(tagName, options);
    if (tagName.toLowerCase() === 'style') element.nonce = nonce;
    return element;
  };
  doc.createElement = createWithNonce;
}
