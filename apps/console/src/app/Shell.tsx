import { Badge, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigation } from 'react-router';
import { useQuery } from 'urql';
import { graphRole, hasRole, isCustomerSide, useSession } from '../auth/session';
import { UnreadCountDocument } from '../graphql/shell.generated';
import type { Role } from '../graphql/schema';
import { useI18n } from '../i18n/i18n';
import { roleLabel } from '../i18n/enums';
import type { MessageKey } from '../i18n/messages';

interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown only to these roles (those the graph lets read the page); everyone of the side when absent. */
  roles?: Role[];
}

const CUSTOMER_NAV: NavItem[] = [
  { to: '/cases', label: 'nav.myCases' },
  { to: '/apply', label: 'nav.apply' },
  { to: '/requests', label: 'tickets.nav.customer' },
];
const STAFF_NAV: NavItem[] = [
  {
    to: '/work',
    label: 'nav.myWork',
    roles: [
      'INTAKE_CLERK',
      'SURVEYOR',
      'PLANNER',
      'APPROVER',
      'INSPECTOR',
      'DEPARTMENT_SIGNER',
      'CONTRACT_OFFICER',
      'METERING_TECHNICIAN',
      'SUPERVISOR',
    ],
  },
  { to: '/board', label: 'nav.board' },
  { to: '/dashboard', label: 'nav.dashboard', roles: ['SUPERVISOR', 'AUDITOR', 'ADMIN'] },
  { to: '/tickets', label: 'tickets.nav.staff' },
  { to: '/registries/units', label: 'registries.nav.units' },
  { to: '/registries/meters', label: 'registries.nav.meters', roles: ['METERING_TECHNICIAN', 'SUPERVISOR', 'AUDITOR', 'ADMIN'] },
  { to: '/audit', label: 'audit.nav', roles: ['AUDITOR', 'ADMIN'] },
];

function UnreadBadge() {
  const [{ data }] = useQuery({ query: UnreadCountDocument, requestPolicy: 'cache-and-network' });
  return <Badge count={data?.myUnreadNotificationCount ?? 0} size="small" offset={[6, -2]} />;
}

/** The frame of every signed-in page: the product's name, the pages of the person's side, language, who is signed in. */
export function Shell() {
  const { session, signOut } = useSession();
  const { t, locale, setLocale } = useI18n();
  const location = useLocation();
  const navigation = useNavigation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  const nav = (isCustomerSide(session) ? CUSTOMER_NAV : STAFF_NAV).filter((n) => !n.roles || hasRole(session, ...n.roles));
  const selected = nav.find((n) => location.pathname.startsWith(n.to))?.to;
  const roles = session.claims.roles.map((r) => roleLabel(locale, graphRole(r))).join(locale === 'en' ? ', ' : '、');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#0b3d6e' }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap', flex: 1 }}>
          {t('app.title')}
        </Link>
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
            {t('app.signedInAs', { name: session.claims.name ?? session.claims.sub, roles })}
          </Typography.Text>
          <Button size="small" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')} lang={locale === 'en' ? 'zh-CN' : 'en'}>
            {t('app.locale')}
          </Button>
          <Button size="small" onClick={signOut}>
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout hasSider>
        {/* A column rather than a bar: a bar folds the pages that do not fit into a menu whose hidden links stay focusable. */}
        <Layout.Sider theme="light" width={200} breakpoint="md" collapsedWidth={0}>
          <nav aria-label={t('nav.label')}>
            <Menu
              mode="inline"
              style={{ borderInlineEnd: 0 }}
              selectedKeys={selected ? [selected] : []}
              items={[
                ...nav.map((n) => ({ key: n.to, label: <Link to={n.to}>{t(n.label)}</Link> })),
                {
                  key: '/notifications',
                  label: (
                    <Link to="/notifications">
                      {t('nav.notifications')} <UnreadBadge />
                    </Link>
                  ),
                },
              ]}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', minWidth: 0, margin: '0 auto' }}>
          {/* Layout.Content is the page's <main>; it may narrow below its content's width (minWidth 0), so a wide board scrolls in its own region, not the page. */}
          <Suspense fallback={<Spin />}>{navigation.state === 'loading' ? <Spin /> : <Outlet />}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
