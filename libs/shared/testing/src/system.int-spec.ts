import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '@yekuo/platform';
import { RunningSystem, startSystem } from './system';

// Stand-ins for the built processes: they honour the same contract (PORT, /health/ready,
// SIGTERM) and report the environment they were given, so startSystem is tested alone.
const FAKE_PROCESS = `
const http = require('node:http');
const name = require('node:path').basename(require('node:path').resolve(__dirname, '..'));
if (process.env.FAKE_MARK_DIR) require('node:fs').writeFileSync(require('node:path').join(process.env.FAKE_MARK_DIR, name + '.pid'), String(process.pid));
if (process.env.FAKE_FAIL === name) {
  console.error('boom: cannot reach the database');
  setTimeout(() => process.exit(3), 500);
  return;
}
let ready = false;
setTimeout(() => (ready = true), 300);
const server = http.createServer((req, res) => {
  if (req.url === '/health/live') return res.end('ok');
  if (req.url === '/health/ready') { res.statusCode = ready && process.env.FAKE_NEVER_READY !== name ? 200 : 503; return res.end(); }
  if (req.url === '/env') {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PORT|DATABASE_URL|DATABASE_OWNER_URL|SUBGRAPH_.*|SHARED|INTAKE_URL|MANAGEMENT_PORT)$/.test(k)));
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify({ name, cwd: process.cwd(), env }));
  }
  res.statusCode = 404; res.end();
});
server.listen(Number(process.env.PORT), '0.0.0.0', () => console.log(name + ' listening on ' + process.env.PORT));
process.on('SIGTERM', () => {
  console.log(name + ' got SIGTERM');
  server.close(() => process.exit(0));
});
`;

describe('startSystem', () => {
  let root: string;
  let system: RunningSystem | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'yekuo-system-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: ['services/*', 'gateway'] }));
    for (const dir of [...SERVICES.map((s) => join('services', s.name)), 'gateway']) {
      mkdirSync(join(root, dir, 'dist'), { recursive: true });
      writeFileSync(join(root, dir, 'dist', 'main.js'), FAKE_PROCESS);
    }
  });

  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const envOf = async (port: number) =>
    (await (await fetch(`http://127.0.0.1:${port}/env`)).json()) as {
      name: string;
      cwd: string;
      env: Record<string, string>;
    };

  it('starts every service and then the gateway on ephemeral ports, each with its own env', async () => {
    system = await startSystem({
      rootDir: root,
      ports: 'ephemeral',
      quiet: true,
      env: { SHARED: 'yes' },
      databaseUrl: (s) => `postgres://postgres@127.0.0.1:5432/test_${s}`,
    });

    expect(system.services.map((s) => s.name)).toEqual(SERVICES.map((s) => s.name));
    const ports = [
      ...system.services.flatMap((s) => [s.port, s.managementPort]),
      Number(new URL(system.gatewayUrl).port),
      system.gatewayManagementPort,
    ];
    expect(new Set(ports).size).toBe(ports.length);
    for (const service of system.services) {
      expect(service.url).toBe(`http://127.0.0.1:${service.port}/graphql`);
      const { name, cwd, env } = await envOf(service.port);
      expect(name).toBe(service.name);
      expect(cwd).toBe(root);
      expect(env).toMatchObject({
        PORT: String(service.port),
        MANAGEMENT_PORT: String(service.managementPort),
        SHARED: 'yes',
        DATABASE_URL: `postgres://postgres@127.0.0.1:5432/test_${service.name}`,
        // Migrations run as the service's owner role on the same database (decision 0015).
        DATABASE_OWNER_URL: `postgres://yekuo_${service.name}_owner@127.0.0.1:5432/test_${service.name}`,
      });
    }
    // Notifications reads contacts from intake where this system started it, and no other service is told.
    const intake = system.services.find((s) => s.name === 'intake')!;
    const notifications = system.services.find((s) => s.name === 'notifications')!;
    expect((await envOf(notifications.port)).env.INTAKE_URL).toBe(`http://127.0.0.1:${intake.port}`);
    expect((await envOf(intake.port)).env.INTAKE_URL).toBeUndefined();
    const gateway = await envOf(Number(new URL(system.gatewayUrl).port));
    expect(gateway.name).toBe('gateway');
    expect(gateway.env.MANAGEMENT_PORT).toBe(String(system.gatewayManagementPort));
    for (const service of system.services) {
      expect(gateway.env[`SUBGRAPH_${service.name.toUpperCase()}_URL`]).toBe(service.url);
    }
    expect(system.output('intake')).toContain('intake listening on');

    await system.stop();
    expect(system.output('gateway')).toContain('gateway got SIGTERM');
    expect(system.output('intake')).toContain('intake got SIGTERM');
    await expect(fetch(`http://127.0.0.1:${system.services[0].port}/health/live`)).rejects.toThrow();
  });

  it("keeps the caller's INTAKE_URL for notifications", async () => {
    system = await startSystem({
      rootDir: root,
      services: ['intake', 'notifications'],
      gateway: false,
      quiet: true,
      env: { INTAKE_URL: 'http://intake.example:4001' },
    });
    const notifications = system.services.find((s) => s.name === 'notifications')!;
    expect((await envOf(notifications.port)).env.INTAKE_URL).toBe('http://intake.example:4001');
  });

  it('can start some services without the gateway', async () => {
    system = await startSystem({
      rootDir: root,
      services: ['intake'],
      gateway: false,
      quiet: true,
    });
    expect(system.services.map((s) => s.name)).toEqual(['intake']);
    expect(() => system!.gatewayUrl).toThrow(/without a gateway/);
    expect((await fetch(`http://127.0.0.1:${system.services[0].port}/health/ready`)).status).toBe(200);
  });

  it('starts several instances of a service, gives the gateway all their URLs, and kills and restarts one of them', async () => {
    const unexpected: string[] = [];
    system = await startSystem({
      rootDir: root,
      services: ['intake', 'planning'],
      instances: 2,
      quiet: true,
      onUnexpectedExit: (name) => unexpected.push(name),
    });
    expect(system.services.map((s) => [s.name, s.process])).toEqual([
      ['intake', 'intake'],
      ['intake', 'intake-2'],
      ['planning', 'planning'],
      ['planning', 'planning-2'],
    ]);
    const gateway = await envOf(Number(new URL(system.gatewayUrl).port));
    const [intake, intake2] = system.services;
    expect(gateway.env.SUBGRAPH_INTAKE_URL).toBe(`${intake.url},${intake2.url}`);

    await system.kill('intake-2', 'SIGKILL');
    await expect(fetch(`http://127.0.0.1:${intake2.port}/health/live`)).rejects.toThrow();
    expect((await fetch(`http://127.0.0.1:${intake.port}/health/ready`)).status).toBe(200);
    await system.restart('intake-2');
    expect((await envOf(intake2.port)).env.PORT).toBe(String(intake2.port));
    // A fault injected on purpose is not an unexpected exit.
    expect(unexpected).toEqual([]);
    await expect(system.restart('intake')).rejects.toThrow(/intake is running; kill it first/);
  }, 30_000);

  it('fails with the output of a process that exits before it is ready, and stops the others', async () => {
    const marks = mkdtempSync(join(tmpdir(), 'yekuo-marks-'));
    try {
      const started = startSystem({
        rootDir: root,
        services: ['intake', 'planning'],
        quiet: true,
        env: { FAKE_FAIL: 'planning', FAKE_MARK_DIR: marks },
      });
      await expect(started).rejects.toThrow(/planning exited \(code 3\) before it was ready[\s\S]*boom: cannot reach the database/);
      // intake was started alongside planning and has been stopped again; the gateway never started.
      expect(readdirSync(marks).sort()).toEqual(['intake.pid', 'planning.pid']);
      const intakePid = Number(readFileSync(join(marks, 'intake.pid'), 'utf8'));
      expect(() => process.kill(intakePid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    } finally {
      rmSync(marks, { recursive: true, force: true });
    }
  });

  it('times out with a clear error naming the process that never became ready', async () => {
    const started = startSystem({
      rootDir: root,
      quiet: true,
      readyTimeoutMs: 1500,
      services: ['intake'],
      gateway: false,
      env: { FAKE_NEVER_READY: 'intake' },
    });
    await expect(started).rejects.toThrow(
      /intake was not ready at http:\/\/127\.0\.0\.1:\d+\/health\/ready within 1500 ms \(last answer: HTTP 503[\s\S]*intake listening on/,
    );
  });

  it('refuses unknown services and unbuilt processes before starting anything', async () => {
    await expect(startSystem({ rootDir: root, services: ['billing'] })).rejects.toThrow(/Unknown service\(s\): billing/);
    const empty = mkdtempSync(join(tmpdir(), 'yekuo-empty-'));
    try {
      await expect(startSystem({ rootDir: empty })).rejects.toThrow(/Not built: .*main\.js.*nx run-many -t build/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
