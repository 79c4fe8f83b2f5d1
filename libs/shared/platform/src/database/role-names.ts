// The names of a service's two database roles and the URLs that use them (decision 0015).
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
