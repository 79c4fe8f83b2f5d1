/** What the gateway writes into the console's page (gateway/src/console.ts): its CSP nonce and which sign-in to offer. */
export interface PageConfig {
  nonce?: string;
  devSignIn: boolean;
}

/** Read once at start. Under the Vite dev server there is no gateway page: development sign-in, no nonce. */
export function readPageConfig(doc: Document = document): PageConfig {
  const nonce = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;
  const json = doc.getElementById('yekuo-config')?.textContent;
  if (!json) return { nonce, devSignIn: true };
  try {
    const parsed = JSON.parse(json) as Partial<PageConfig>;
    return { nonce, devSignIn: parsed.devSignIn === true };
  } catch {
    return { nonce, devSignIn: false };
  }
}
