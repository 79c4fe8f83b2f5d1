import { ConflictError, Role, StateMachine, Transitions } from '@yekuo/shared';

/** Where a supply-use contract stands. */
export const CONTRACT_STATUSES = ['DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/**
 * `signContract` is any party's signature; `completeSignatures` follows it in the
 * same change when the last party has signed.
 */
export const CONTRACT_ACTIONS = ['signContract', 'completeSignatures'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

export const CONTRACT_TRANSITIONS: Transitions<ContractStatus, ContractAction> = {
  signContract: { from: ['DRAFTED', 'PARTIALLY_SIGNED'], to: 'PARTIALLY_SIGNED' },
  completeSignatures: { from: ['PARTIALLY_SIGNED'], to: 'FULLY_SIGNED' },
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

export const SIGNING_METHODS = ['ONLINE', 'ON_PAPER'] as const;
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
