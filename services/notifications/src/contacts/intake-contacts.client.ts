import { randomUUID } from 'node:crypto';
import { bodyDigest, readKeyFile, SIGNATURE_HEADER, SubgraphSigner } from '@yekuo/platform';
import { z } from 'zod';
import { DeliveryError } from '../channels/channel';
import type { Contact, ContactDirectory } from '../delivery/contact-directory';
import type { ContactsConfig } from './contacts.config';

/**
 * The header intake reads this service's signature from: SubgraphSigner's `t=…;sig=…` over the
 * same canonical request the gateway signs, made with this service's key. Not the gateway's
 * header: intake never takes the gateway's signature for a contact read.
 */
export const SERVICE_SIGNATURE_HEADER = 'x-yekuo-service-signature';

/** Intake's contact read, and the most customers one read may name. */
export const CONTACTS_PATH = 'internal/contacts';
export const MAX_CONTACTS_PER_READ = 100;

const answerSchema = z.object({
  contacts: z.array(z.object({ customerId: z.string(), email: z.string().nullable(), phone: z.string().nullable() })),
});

/**
 * Reads customers' contacts from intake at sending time, signed with this service's key and
 * never with a user's token. They are used for the one message and never stored here. Failures
 * are DeliveryErrors: intake out of reach, too slow or failing (5xx) may pass, so retryable;
 * a refusal or a request intake cannot take (4xx) will not, so not. Messages name no contact.
 */
export class IntakeContactsClient implements ContactDirectory {
  private readonly endpoint: URL;

  constructor(
    intakeUrl: string,
    private readonly signer: SubgraphSigner,
    private readonly timeoutMs = 5_000,
  ) {
    this.endpoint = new URL(CONTACTS_PATH, intakeUrl.endsWith('/') ? intakeUrl : `${intakeUrl}/`);
  }

  /** From the configuration: a missing or unusable key file stops the boot, naming SERVICE_SIGNING_KEY_FILE. */
  static fromConfig(config: ContactsConfig): IntakeContactsClient {
    const signer = readKeyFile('SERVICE_SIGNING_KEY_FILE', config.SERVICE_SIGNING_KEY_FILE, (pem) => SubgraphSigner.fromPem(pem));
    return new IntakeContactsClient(config.INTAKE_URL, signer, config.INTAKE_TIMEOUT_MS);
  }

  /** The contacts of `customerIds` by customer id; a customer intake does not know is absent. */
  async contactsOf(customerIds: readonly string[]): Promise<Map<string, Contact>> {
    const ids = [...new Set(customerIds)];
    const found = new Map<string, Contact>();
    for (let start = 0; start < ids.length; start += MAX_CONTACTS_PER_READ) {
      for (const { customerId, email, phone } of await this.read(ids.slice(start, start + MAX_CONTACTS_PER_READ))) {
        found.set(customerId, { email, phone });
      }
    }
    return found;
  }

  private async read(customerIds: string[]): Promise<z.infer<typeof answerSchema>['contacts']> {
    const body = JSON.stringify({ customerIds });
    const headers = { 'content-type': 'application/json', 'x-request-id': randomUUID() };
    const signature = this.signer.sign({ method: 'POST', path: this.endpoint.pathname, payload: bodyDigest(body), headers });
    let status: number;
    let text: string;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { ...headers, [SERVICE_SIGNATURE_HEADER]: signature[SIGNATURE_HEADER] },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      // Read within the same time limit: an answer cut off or stalled half-way is intake failing, not refusing.
      text = await response.text();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new DeliveryError(
        timedOut ? 'intake did not answer the contact read in time' : 'intake could not be reached for the contact read',
        true,
      );
    }
    const answer = jsonOf(text);
    if (status >= 500) throw new DeliveryError(`intake failed the contact read (HTTP ${status})`, true);
    if (status >= 400) throw new DeliveryError(`intake refused the contact read (HTTP ${status}${codeOf(answer)})`, false);
    const parsed = answerSchema.safeParse(answer);
    if (status !== 200 || !parsed.success) throw new DeliveryError(`intake answered the contact read unreadably (HTTP ${status})`, false);
    return parsed.data.contacts;
  }
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `, FORBIDDEN` from intake's `{ code }` error, for the log; nothing else of the answer. */
function codeOf(answer: unknown): string {
  const code = (answer as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? `, ${code}` : '';
}
