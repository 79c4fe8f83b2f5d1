import { ConflictError, ErrorCode, InvalidTransitionError } from '@yekuo/platform';
import {
  CONTRACT_ACTIONS,
  CONTRACT_STATUSES,
  ContractAction,
  ContractStatus,
  contractStateMachine,
  decideSignature,
  PARTIES,
  Party,
  PARTY_OF_ROLE,
  rolesSigningFor,
  SIGNING_METHODS,
} from './contract.state-machine';

/** The table written out independently of the implementation. */
const EXPECTED: Record<ContractStatus, Partial<Record<ContractAction, ContractStatus>>> = {
  DRAFTED: { signContract: 'PARTIALLY_SIGNED', supersede: 'SUPERSEDED', replaceTerms: 'SUPERSEDED', cancel: 'CANCELLED' },
  PARTIALLY_SIGNED: {
    signContract: 'PARTIALLY_SIGNED',
    completeSignatures: 'FULLY_SIGNED',
    supersede: 'SUPERSEDED',
    replaceTerms: 'SUPERSEDED',
    cancel: 'CANCELLED',
  },
  FULLY_SIGNED: { replaceTerms: 'SUPERSEDED' },
  SUPERSEDED: {},
  CANCELLED: {},
};
const REQUIRES: Record<ContractAction, ContractStatus[]> = {
  signContract: ['DRAFTED', 'PARTIALLY_SIGNED'],
  completeSignatures: ['PARTIALLY_SIGNED'],
  supersede: ['DRAFTED', 'PARTIALLY_SIGNED'],
  replaceTerms: ['DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED'],
  cancel: ['DRAFTED', 'PARTIALLY_SIGNED'],
};

const pairs = CONTRACT_STATUSES.flatMap((state) => CONTRACT_ACTIONS.map((action) => [state, action] as const));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('contract state machine', () => {
  it('covers 5 states and 5 actions (25 pairs)', () => {
    expect(pairs).toHaveLength(25);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] !== undefined))('%s --%s--> allowed', (state, action) => {
    expect(contractStateMachine.allows(state, action)).toBe(true);
    expect(contractStateMachine.next(state, action)).toBe(EXPECTED[state][action]);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] === undefined))('%s --%s--> INVALID_TRANSITION', (state, action) => {
    const error = thrown(() => contractStateMachine.next(state, action));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).extensions).toEqual({
      code: ErrorCode.INVALID_TRANSITION,
      currentState: state,
      requires: REQUIRES[action],
    });
  });
});

describe('decideSignature', () => {
  /** Every consistent (status, parties signed) combination. */
  const situations: { status: ContractStatus; signed: Party[] }[] = [
    { status: 'DRAFTED', signed: [] },
    { status: 'PARTIALLY_SIGNED', signed: ['CUSTOMER'] },
    { status: 'PARTIALLY_SIGNED', signed: ['UTILITY'] },
    { status: 'FULLY_SIGNED', signed: ['CUSTOMER', 'UTILITY'] },
  ];
  const cases = situations.flatMap((s) => PARTIES.map((party) => [s.status, s.signed, party] as const));

  /** Expected outcome per situation and party, written out. */
  const outcome = (status: ContractStatus, signed: readonly Party[], party: Party) => {
    if (status === 'FULLY_SIGNED') return 'INVALID_TRANSITION';
    if (signed.includes(party)) return 'CONFLICT';
    return signed.length === 1 ? 'FULLY_SIGNED' : 'PARTIALLY_SIGNED';
  };

  it('covers 4 situations × 2 parties', () => {
    expect(cases).toHaveLength(8);
  });

  it.each(cases)('%s with %j signed, %s signs', (status, signed, party) => {
    const expected = outcome(status, signed, party);
    if (expected === 'INVALID_TRANSITION') {
      const error = thrown(() => decideSignature(status, signed, party));
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect((error as InvalidTransitionError).extensions).toMatchObject({
        currentState: 'FULLY_SIGNED',
        requires: ['DRAFTED', 'PARTIALLY_SIGNED'],
      });
    } else if (expected === 'CONFLICT') {
      const error = thrown(() => decideSignature(status, signed, party));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).extensions.code).toBe(ErrorCode.CONFLICT);
      expect((error as ConflictError).message).toContain(party === 'CUSTOMER' ? 'customer' : 'utility');
    } else {
      expect(decideSignature(status, signed, party)).toEqual({ next: expected, fullySigned: expected === 'FULLY_SIGNED' });
    }
  });

  it('signs either way round: customer then utility, or utility then customer', () => {
    for (const [first, second] of [
      ['CUSTOMER', 'UTILITY'],
      ['UTILITY', 'CUSTOMER'],
    ] as const) {
      const one = decideSignature('DRAFTED', [], first);
      expect(one).toEqual({ next: 'PARTIALLY_SIGNED', fullySigned: false });
      expect(decideSignature(one.next, [first], second)).toEqual({ next: 'FULLY_SIGNED', fullySigned: true });
    }
  });

  it('maps roles to parties: customer and agent sign for the customer, the contract officer for the utility', () => {
    expect(PARTY_OF_ROLE).toEqual({ customer: 'CUSTOMER', agent: 'CUSTOMER', 'contract-officer': 'UTILITY' });
    expect(rolesSigningFor('CUSTOMER')).toEqual(['customer', 'agent']);
    expect(rolesSigningFor('UTILITY')).toEqual(['contract-officer']);
  });

  it.each(['SUPERSEDED', 'CANCELLED'] as const)('refuses any signature of a %s version, naming its state', (status) => {
    const error = thrown(() => decideSignature(status, [], 'CUSTOMER'));
    expect((error as InvalidTransitionError).extensions).toMatchObject({ currentState: status, requires: ['DRAFTED', 'PARTIALLY_SIGNED'] });
  });

  it('knows four signing methods', () => {
    expect(SIGNING_METHODS).toEqual(['ONLINE', 'E_SIGNATURE', 'ON_SITE', 'ON_PAPER']);
  });
});
