import { expectData, waitFor } from '@yekuo/testing';
import type { SystemFixture } from './system-fixture';

/** What the journey says can happen now, beside what metering says blocks the supply. */
const OPEN_ACTIONS = `query($id: ID!) { case(id: $id) {
  journey { openActions { code role team description due } nextAction { role team description } }
  metering { blockedBy }
} }`;

interface OpenAction {
  code: string;
  role: string;
  team: string | null;
  description: string;
  due: string | null;
}

interface OpenActionsOfCase {
  journey: { openActions: OpenAction[]; nextAction: { role: string; team: string | null; description: string } | null };
  metering: { blockedBy: string[] } | null;
}

/**
 * Waits until the journey lists exactly `expected` as the case's open actions (in any order: the
 * services' events arrive asynchronously), then checks that its next action is the most urgent of
 * them, and that it never says to energize while metering still lists a missing gate condition.
 */
export async function expectOpenActions(f: SystemFixture, token: string, caseId: string, expected: string[]): Promise<void> {
  const want = [...expected].sort();
  let seen: string[] = [];
  let found: OpenActionsOfCase;
  try {
    found = await waitFor(
      `open actions ${want.join(', ')}`,
      async () => {
        const c = expectData(await f.gql<{ case: OpenActionsOfCase }>(OPEN_ACTIONS, { id: caseId }, token)).case;
        seen = c.journey.openActions.map((a) => a.code).sort();
        return JSON.stringify(seen) === JSON.stringify(want) ? c : undefined;
      },
      30_000,
    );
  } catch {
    throw new Error(`expected the open actions [${want.join(', ')}], the journey shows [${seen.join(', ')}]`);
  }
  const { journey, metering } = found;
  const [first] = journey.openActions;
  expect(journey.nextAction).toEqual(first ? { role: first.role, team: first.team, description: first.description } : null);
  if (want.includes('ENERGIZE')) expect(metering?.blockedBy).toEqual([]);
}
