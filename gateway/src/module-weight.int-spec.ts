import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { TestRun } from '@yekuo/testing';

const root = resolve(__dirname, '..', '..');

/**
 * Starts the built gateway in a process of its own and lists the CommonJS modules it loaded: the
 * gateway reads only the framework-free entry of the platform, so no service framework, ORM or
 * broker client rides along into its memory.
 */
async function modulesLoadedByGateway(env: Record<string, string>): Promise<string[]> {
  const script = `
    const { loadGatewayConfig } = require('./gateway/dist/config.js');
    require('./gateway/dist/server.js').startGateway(loadGatewayConfig()).then(async (gateway) => {
      const modules = Object.keys(require.cache);
      await gateway.stop();
      process.stdout.write(JSON.stringify(modules));
    });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: root,
    env: { ...process.env, PORT: '0', ...env },
    timeout: 30_000,
  });
  // The list is the last line: the gateway's log lines come before it.
  return JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as string[];
}

describe('the gateway process', () => {
  it('starts without NestJS, TypeORM or amqplib in its module cache', async () => {
    const run = new TestRun();
    await run.prepare();
    const modules = await modulesLoadedByGateway(run.gatewayEnv());
    expect(modules.some((m) => m.includes('@apollo/gateway'))).toBe(true);
    expect(modules.filter((m) => /node_modules[\\/](@nestjs[\\/]|typeorm[\\/]|amqplib[\\/])/.test(m))).toEqual([]);
  }, 40_000);
});
