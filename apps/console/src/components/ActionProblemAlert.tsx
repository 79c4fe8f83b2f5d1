import { Alert } from 'antd';
import type { ActionProblem } from '../graphql/use-action';

/**
 * The refusal of an action (useAction's `problem`): its sentence, then each field at fault that the
 * form does not show, as a list or (`inline`) on the same line.
 */
export function ActionProblemAlert({ problem, inline = false }: { problem?: ActionProblem; inline?: boolean }) {
  if (!problem) return null;
  if (inline) return <Alert type="error" showIcon title={[problem.message, ...problem.details].join(' ')} style={{ marginBottom: 16 }} />;
  return (
    <Alert
      type="error"
      showIcon
      title={problem.message}
      description={
        problem.details.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problem.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
