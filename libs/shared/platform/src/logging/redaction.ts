/** What a redacted value is written as. */
export const REDACTED = '[REDACTED]';

/**
 * Fields that hold personal data (decision 0009: the customer's name, phone numbers, identity
 * number, email and addresses) or a credential (tokens, the Authorization header, the
 * Idempotency-Key, GraphQL variables, which may carry any of these). A log line never carries
 * their values, at the top of its fields or up to two objects down (redactFields).
 */
export const REDACTED_FIELDS = [
  'customerName',
  'contactName',
  'signerName',
  'phone',
  'mobile',
  'contactPhone',
  'idNumber',
  'email',
  'address',
  'siteAddress',
  'customerAddress',
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'password',
  'secret',
  'idempotencyKey',
  'variables',
] as const;

/**
 * Personal data and credentials recognisable in free text: an 18-character identity number, a
 * mainland mobile number, a landline with its area code, an email address, the password of a URL
 * (`amqp://user:password@host`, the user and host kept; a URL's `user@host` is no email), a bearer
 * token and a JWT. Names and addresses have no shape to find; they are kept out of messages by the
 * code that writes them, and redacted as fields.
 */
const IN_TEXT =
  /(?<![\w-])(?:\d{17}[\dX]|1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?![\w-])|(:\/\/[^\s:@/]+:)[^\s@/]+@|(?<![\w.+/-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])|\bBearer\s+[\w.~+/-]+=*|\beyJ[\w-]*\.[\w-]+\.[\w-]*/gi;

/** `text` with every identity number, phone number, email address, URL password and token in it replaced by REDACTED. */
export function scrubText(text: string): string {
  return text.replace(IN_TEXT, (found, urlUser: string | undefined) => (urlUser ? `${urlUser}${REDACTED}@` : REDACTED));
}

/** The names above, and the Idempotency-Key as a header object names it. */
const FIELDS = new Set<string>([...REDACTED_FIELDS, 'idempotency-key']);
/** Objects whose `name` is a person's (elsewhere `name` names a job, an error or a unit, and stays). */
const PEOPLE = new Set(['customer', 'contact', 'signer', 'party', 'applicant']);
/** How deep fields are looked at: the top and two objects down. */
const DEPTH = 3;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function redactValue(key: string, value: unknown, depth: number, ofPerson: boolean): unknown {
  if (FIELDS.has(key) || (ofPerson && key === 'name')) return REDACTED;
  if (typeof value === 'string') return scrubText(value);
  if (depth >= DEPTH) return value;
  if (isPlainObject(value)) return redactObject(value, depth, PEOPLE.has(key), false);
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => (isPlainObject(item) ? redactObject(item, depth, PEOPLE.has(key), false) : item));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  return value;
}

/** `object` with its redacted fields replaced; copied on the first change unless `inPlace`. */
function redactObject(object: Record<string, unknown>, depth: number, ofPerson: boolean, inPlace: boolean): Record<string, unknown> {
  let result = object;
  for (const key of Object.keys(object)) {
    const value = object[key];
    const redacted = redactValue(key, value, depth + 1, ofPerson);
    if (redacted === value) continue;
    if (result === object && !inPlace) result = { ...object };
    result[key] = redacted;
  }
  return result;
}

/**
 * The fields of a log line with every field named in REDACTED_FIELDS (and a person's `name`)
 * replaced by REDACTED and the text of the others scrubbed (scrubText), at the top and two
 * objects down. `fields` is changed in place (pino hands over a fresh object); the objects
 * inside it, which are the caller's, are copied when something in them changes. A walk over
 * the fields, where pino's own wildcard `redact` paths clone every line (about 100 µs a line).
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactObject(fields, 0, false, true);
}
