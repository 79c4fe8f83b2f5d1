// Preload with `node -r bench/lib/profiler-hook.cjs <entry>` and PROFILE_DIR set: the process then
// samples its CPU (V8 profiler, 0.5 ms) between `start <label>` and `stop <label>` written to
// PROFILE_DIR/control, and writes PROFILE_DIR/<PROFILE_NAME>-<label>.cpuprofile. Unlike --cpu-prof it
// profiles a chosen window of a running process (after seeding, under load) and needs no exit or
// signal (NestJS services stop on SIGUSR2).
/* global setInterval */
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.PROFILE_DIR;
if (dir) {
  const name = process.env.PROFILE_NAME || process.env.SERVICE_NAME || String(process.pid);
  const session = new inspector.Session();
  session.connect();
  let running = false;
  let seen = '';
  setInterval(() => {
    let text;
    try {
      text = fs.readFileSync(path.join(dir, 'control'), 'utf8').trim();
    } catch {
      return;
    }
    if (text === seen) return;
    seen = text;
    const [command, label = 'profile'] = text.split(/\s+/);
    if (command === 'start' && !running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
      );
    } else if (command === 'stop' && running) {
      session.post('Profiler.stop', (error, result) => {
        running = false;
        const file = path.join(dir, `${name}-${label}.cpuprofile`);
        if (error) fs.writeFileSync(`${file}.error`, String(error));
        else fs.writeFileSync(file, JSON.stringify(result.profile));
      });
    }
  }, 100).unref();
}
