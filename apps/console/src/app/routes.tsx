import { createBrowserRouter, Navigate, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import type { Client } from 'urql';
import { CALLBACK_PATH } from '../auth/oidc';
import { isCustomerSide, useSession, type Session } from '../auth/session';
import { Shell } from './Shell';

/** `import('…')` of a page module whose named export `name` is the page: each page its own chunk. */
function page<M>(load: () => Promise<M>, name: keyof M): RouteObject['lazy'] {
  return async () => ({ Component: (await load())[name] as React.ComponentType });
}

/** Where a person starts: customers at their cases, staff who take actions at their work, overseers at the board. */
function Home() {
  const { session } = useSession();
  if (!session) return <Navigate to="/sign-in" replace />;
  if (isCustomerSide(session)) return <Navigate to="/cases" replace />;
  // Auditors and admins hold no actions (myWork refuses them).
  const takesActions = session.claims.roles.some((r) => !['auditor', 'admin', 'customer', 'agent'].includes(r));
  return <Navigate to={takesActions ? '/work' : '/board'} replace />;
}

/**
 * The console's pages. Customers and agents: apply, my cases, a case, messages. Staff: my work,
 * the case board, a case, the supervisor's dashboard, registries, audit anchoring, messages. Each page is loaded
 * when first opened.
 */
function consoleRoutes(current: () => { client: Client; session?: Session }): RouteObject[] {
  /** The case page's data asked for beside its code (not after it), when someone is signed in; the page does not wait for it here. */
  const prefetchCase = async ({ params }: LoaderFunctionArgs) => {
    const { client, session } = current();
    if (session && params.id) (await import('../features/case/case-query')).prefetchCase(client, params.id, session);
    return null;
  };
  return [
    { path: '/sign-in', lazy: page(() => import('../features/sign-in/SignInPage'), 'SignInPage') },
    { path: CALLBACK_PATH, lazy: page(() => import('../features/sign-in/SignInCallbackPage'), 'SignInCallbackPage') },
    {
      element: <Shell />,
      children: [
        { index: true, element: <Home /> },
        { path: 'apply', lazy: page(() => import('../features/customer/ApplyPage'), 'ApplyPage') },
        { path: 'cases', lazy: page(() => import('../features/customer/MyCasesPage'), 'MyCasesPage') },
        { path: 'cases/:id', loader: prefetchCase, lazy: page(() => import('../features/case/CasePage'), 'CasePage') },
        { path: 'work', lazy: page(() => import('../features/staff/MyWorkPage'), 'MyWorkPage') },
        { path: 'board', lazy: page(() => import('../features/board/BoardPage'), 'BoardPage') },
        { path: 'dashboard', lazy: page(() => import('../features/dashboard/DashboardPage'), 'DashboardPage') },
        { path: 'registries/units', lazy: page(() => import('../features/registries/UnitsPage'), 'UnitsPage') },
        { path: 'registries/meters', lazy: page(() => import('../features/registries/MetersPage'), 'MetersPage') },
        { path: 'tickets', lazy: page(() => import('../features/tickets/TicketsPage'), 'TicketsPage') },
        { path: 'requests', lazy: page(() => import('../features/tickets/RequestsPage'), 'RequestsPage') },
        { path: 'audit', lazy: page(() => import('../features/audit/AuditPage'), 'AuditPage') },
        { path: 'notifications', lazy: page(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage') },
        { path: '*', lazy: page(() => import('./NotFoundPage'), 'NotFoundPage') },
      ],
    },
  ];
}

/** The router; `current` gives the graph client and session of the moment (they change with who is signed in). */
export function createConsoleRouter(current: () => { client: Client; session?: Session }) {
  return createBrowserRouter(consoleRoutes(current));
}
