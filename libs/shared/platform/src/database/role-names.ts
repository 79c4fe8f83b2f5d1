// The names of a service's two database roles and the URLs that use them (decision 0015), and of the
// audit witness's database, owner and writers (decision 0016).
// Free of any import, so the framework-free configuration can derive its defaults from them.

/** The roles of one service's database: `owner` runs the migrations and owns every object, `runtime` is what the service connects as. */
export interface ServiceRoles {
  owner: string;
  runtime: string;
}

/** `yekuo_<service>_owner` and `yekuo_<service>_app`. */
export function serviceRoles(service: string): ServiceRoles {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(service)) throw new Error(`"${service}" is not a service name roles can be named after`);
  return { owner: `yekuo_${service}_owner`, runtime: `yekuo_${service}_app` };
}

/** `url` connecting as `role`: its user replaced, its password replaced by `password` or dropped. */
export function urlAs(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = password === undefined ? '' : encodeURIComponent(password);
  return parsed.toString();
}

/** The role a PostgreSQL URL connects as, and its password when the URL carries one. */
export function credentialsOf(url: string): { role?: string; password?: string } {
  const parsed = new URL(url);
  return {
    role: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  };
}

/** The server and database a PostgreSQL URL names (`host:port/database`), whoever connects. */
export function databaseOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}/${decodeURIComponent(parsed.pathname.slice(1))}`;
}

/** The witness database's name on a development server. */
export const WITNESS_DATABASE = 'yekuo_witness';

/** The role that owns the witness database and its table; nobody logs in as it. */
export const WITNESS_OWNER = 'yekuo_witness_owner';

/** `yekuo_witness_<service>`: the login a service writes its anchors through. */
export function witnessWriter(service: string): string {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(service) || service === 'owner') throw new Error(`"${service}" cannot name a witness writer`);
  return `yekuo_witness_${service}`;
}

/** The default WITNESS_DATABASE_URL of `service`: its writer on the local server's witness database, no password. */
export function defaultWitnessUrl(service: string, server = 'postgres://127.0.0.1:5432'): string {
  return urlAs(`${server}/${WITNESS_DATABASE}`, witnessWriter(service));
}
