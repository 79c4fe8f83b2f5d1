// `npm run dlq:resend -- <service>`: once the cause is fixed, puts the service's dead
// letters back on its queue with a fresh attempt count.
import { parseArgs } from 'node:util';
import { resendDeadLetters } from '@yekuo/platform';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'queue-prefix': { type: 'string', default: process.env.AMQP_QUEUE_PREFIX ?? '' }, help: { type: 'boolean', short: 'h' } },
});

if (values.help || positionals.length !== 1) {
  console.error('usage: npm run dlq:resend -- <service> [--queue-prefix P]   (AMQP_URL defaults to amqp://guest:guest@127.0.0.1:5672)');
  process.exit(values.help ? 0 : 2);
}

const service = positionals[0];
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

resendDeadLetters({ url, service, queuePrefix: values['queue-prefix'] }).then(
  (moved) => console.log(`${service}: ${moved} dead letter(s) put back on ${values['queue-prefix']}${service}`),
  (error: Error) => {
    console.error(`${service}: could not resend dead letters: ${error.message}`);
    process.exit(1);
  },
);
