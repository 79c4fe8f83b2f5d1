import type { Request, RequestHandler } from 'express';
import { bodyDigest, ErrorCode, SIGNATURE_HEADER, SignatureRefusal, SubgraphVerifier } from '@yekuo/platform';

/**
 * Where a service puts its own signature: `t=<unix seconds>;sig=<…>` over the canonical request
 * the gateway signs (SubgraphSigner), made with the service's key. A header of its own, so that
 * the gateway's signature, whatever it covers, never counts here.
 */
export const SERVICE_SIGNATURE_HEADER = 'x-yekuo-service-signature';

/** The contact read, and the one service allowed it. */
export const CONTACTS_PATH = '/internal/contacts';
export const CONTACT_READER = 'notifications';

/** Why a contact read was refused (for intake's log; the caller gets FORBIDDEN and nothing more). */
export type ContactReaderRefusal = SignatureRefusal | 'carries an authorization header' | 'no key configured';

/** The answer to every refused request, alike whatever the reason. */
export const CONTACT_READ_FORBIDDEN = { statusCode: 403, code: ErrorCode.FORBIDDEN, message: 'This request is not allowed' } as const;

/** The service whose signature the request carries, set by the check for the controller (which refuses a request without it). */
export function callerOf(locals: Record<string, unknown>): string | undefined {
  return typeof locals.serviceCaller === 'string' ? locals.serviceCaller : undefined;
}

/**
 * The check of `POST /internal/contacts`, in place of the gateway's signature: the request must be
 * signed with the notifications service's key in SERVICE_SIGNATURE_HEADER, within the window, and
 * carry no `authorization` header at all. A user's token never reads contacts this way, whoever it
 * belongs to and whoever signed the request; without a key every request is refused.
 */
export function contactReaderCheck(
  verifier: SubgraphVerifier | undefined,
  log: (refusal: ContactReaderRefusal, what: string) => void,
): RequestHandler {
  return (req, res, next) => {
    const refusal = refusalOf(verifier, req);
    if (refusal) {
      log(refusal, `${req.method} ${req.path}`);
      res.status(403).json(CONTACT_READ_FORBIDDEN);
      return;
    }
    res.locals.serviceCaller = CONTACT_READER;
    next();
  };
}

/** Why `req` may not read contacts, or undefined when it may. The raw body is what the JSON parser read (`rawBody: true`). */
function refusalOf(verifier: SubgraphVerifier | undefined, req: Request & { rawBody?: Buffer }): ContactReaderRefusal | undefined {
  if (req.headers.authorization !== undefined) return 'carries an authorization header';
  if (!verifier) return 'no key configured';
  // The service's header stands where the verifier reads the gateway's; the gateway's own is never read.
  const headers = { ...req.headers, [SIGNATURE_HEADER]: req.headers[SERVICE_SIGNATURE_HEADER] };
  return verifier.check({ method: req.method, path: req.originalUrl, payload: bodyDigest(req.rawBody), headers });
}
