import type { Client } from 'urql';
import { hasRole, type Session } from '../../auth/session';
import { CasePageDocument } from './case.generated';

/** The case page's query for `id`, with what the signed-in person may read of it. */
export function casePageQuery(id: string, session: Session | undefined) {
  return {
    query: CasePageDocument,
    variables: {
      id,
      audit: hasRole(session, 'AUDITOR', 'SUPERVISOR', 'ADMIN'),
      readContract: hasRole(session, 'CUSTOMER', 'AGENT', 'CONTRACT_OFFICER', 'AUDITOR'),
    },
  };
}

/**
 * Sends the case page's query while the page's own code is still loading (the route's loader): the
 * page's useQuery then finds the answer in the client (in flight or cached) instead of asking
 * only once its chunks have arrived and it has rendered.
 */
export function prefetchCase(client: Client, id: string, session: Session | undefined): void {
  const { query, variables } = casePageQuery(id, session);
  void client.query(query, variables).toPromise();
}
