import { ConflictError } from '@yekuo/platform';
import { Role } from '@yekuo/events';
import { StateMachine, Transitions } from '@yekuo/policy';

/**
 * Where a supply-use contract version stands. SUPERSEDED: replaced by a later version
 * (a changed scheme or corrected parties) before full signature, or a scheme that changes
 * the terms a 三零 contract must carry, kept as it was; CANCELLED: closed unsigned because
 * the customer withdrew.
 */
export const CONTRACT_STATUSES = ['DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED', 'SUPERSEDED', 'CANCELLED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/**
 * `signContract` is any party's signature; `completeSignatures` follows it in the
 * same change when the last party has signed. `supersede` replaces a version not yet
 * fully signed by a new one; `replaceTerms` replaces any open version, fully signed
 * too, when the scheme changes the terms the contract must carry before power-on (a case
 * that walks or walked 三零: its contract was signed on the application's terms); `cancel`
 * closes it on the customer's withdrawal. What a version says never changes.
 */
export const CONTRACT_ACTIONS = ['signContract', 'completeSignatures', 'supersede', 'replaceTerms', 'cancel'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

export const CONTRACT_TRANSITIONS: Transitions<ContractStatus, ContractAction> = {
  signContract: { from: ['DRAFTED', 'PARTIALLY_SIGNED'], to: 'PARTIALLY_SIGNED' },
  completeSignatures: { from: ['PARTIALLY_SIGNED'], to: 'FULLY_SIGNED' },
  supersede: { from: ['DRAFTED', 'PARTIALLY_SIGNED'], to: 'SUPERSEDED' },
  replaceTerms: { from: ['DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED'], to: 'SUPERSEDED' },
  cancel: { from: ['DRAFTED', 'PARTIALLY_SIGNED'], to: 'CANCELLED' },
};

export const contractStateMachine = new StateMachine<ContractStatus, ContractAction>(CONTRACT_TRANSITIONS);

/** The two sides of the contract; both must sign. */
export const PARTIES = ['CUSTOMER', 'UTILITY'] as const;
export type Party = (typeof PARTIES)[number];

/** Which side a caller signs for, by the role the signature is granted for (data). */
export const PARTY_OF_ROLE: Partial<Record<Role, Party>> = {
  customer: 'CUSTOMER',
  agent: 'CUSTOMER',
  'contract-officer': 'UTILITY',
};

/** Which roles sign for a party (the inverse of PARTY_OF_ROLE). */
export function rolesSigningFor(party: Party): Role[] {
  return (Object.entries(PARTY_OF_ROLE) as [Role, Party][]).filter(([, p]) => p === party).map(([role]) => role);
}

/**
 * How a party signs: ONLINE (accepted in the customer app or the staff console),
 * E_SIGNATURE (a certificate-based electronic signature), ON_SITE (in person at the
 * service hall, on a signature pad) or ON_PAPER (ink on the printed document).
 */
export const SIGNING_METHODS = ['ONLINE', 'E_SIGNATURE', 'ON_SITE', 'ON_PAPER'] as const;
export type SigningMethod = (typeof SIGNING_METHODS)[number];

/**
 * The outcome of `party` signing a contract in `status` that `signed` have signed
 * already: the next status and whether every party has now signed.
 * INVALID_TRANSITION once fully signed (whoever signs), CONFLICT when the party has
 * signed already.
 */
export function decideSignature(
  status: ContractStatus,
  signed: readonly Party[],
  party: Party,
): { next: ContractStatus; fullySigned: boolean } {
  let next = contractStateMachine.next(status, 'signContract');
  if (signed.includes(party)) {
    throw new ConflictError(`The ${party === 'CUSTOMER' ? 'customer' : 'utility'} has signed this contract already`);
  }
  const after = new Set<Party>([...signed, party]);
  const fullySigned = PARTIES.every((p) => after.has(p));
  if (fullySigned) next = contractStateMachine.next(next, 'completeSignatures');
  return { next, fullySigned };
}
