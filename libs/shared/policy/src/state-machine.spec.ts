import { ErrorCode, InvalidTransitionError } from '@yekuo/platform/core';
import { StateMachine } from './state-machine';

describe('StateMachine', () => {
  const machine = new StateMachine<'OPEN' | 'DONE', 'finish' | 'reopen'>({
    finish: { from: ['OPEN'], to: 'DONE' },
    reopen: { from: ['DONE'], to: 'OPEN' },
  });

  it('leads an allowed action to its state', () => {
    expect(machine.next('OPEN', 'finish')).toBe('DONE');
    expect(machine.allows('DONE', 'finish')).toBe(false);
  });

  it('refuses with the current state and what the action requires', () => {
    const finishAgain = () => machine.next('DONE', 'finish');
    expect(finishAgain).toThrow(InvalidTransitionError);
    expect(finishAgain).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: ErrorCode.INVALID_TRANSITION, currentState: 'DONE', requires: ['OPEN'] }),
      }),
    );
  });
});
