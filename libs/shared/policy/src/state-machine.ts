import { InvalidTransitionError } from '@yekuo/platform/core';

/** For each action, the states it may start from and the state it leads to. */
export type Transitions<S extends string, A extends string> = Record<A, { from: readonly S[]; to: S }>;

/**
 * A plain state machine: `next` returns the state an action leads to, or throws
 * INVALID_TRANSITION naming the current state and the states the action requires.
 */
export class StateMachine<S extends string, A extends string> {
  constructor(private readonly transitions: Transitions<S, A>) {}

  next(current: S, action: A): S {
    const rule = this.transitions[action];
    if (!rule.from.includes(current)) throw new InvalidTransitionError(action, current, [...rule.from]);
    return rule.to;
  }

  allows(current: S, action: A): boolean {
    return this.transitions[action].from.includes(current);
  }
}
