import { spawn } from 'node:child_process';

/** Builds every project once (nx caches what did not change); rejects when the build fails. */
export async function buildAll(cwd: string): Promise<void> {
  const args = ['nx', 'run-many', '-t', 'build', '--outputStyle=static'];
  console.log(`$ npx ${args.join(' ')}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', args, { cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`the build failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
