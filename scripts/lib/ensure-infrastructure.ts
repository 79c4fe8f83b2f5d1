// `npx tsx scripts/lib/ensure-infrastructure.ts`: PostgreSQL, RabbitMQ and Redis up (started if
// installed here and stopped), or exit 1 with what to run. Used by .ci/run.
import { ensureInfrastructure, InfrastructureError } from './infrastructure';

ensureInfrastructure().then(
  () => console.log('PostgreSQL, RabbitMQ and Redis are up'),
  (error: unknown) => {
    console.error(error instanceof InfrastructureError ? error.message : error);
    process.exit(1);
  },
);
