import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MIGRATE_COMMAND, PROVISION_DATABASE_COMMAND } from '@yekuo/platform';
import { deploymentProblems, documentProblems, K8sDocument, YEKUO } from './k8s-check';

const BASE = join(__dirname, '..', '..', 'deploy', 'k8s', 'base');

/** Every resource file of the base as written (no overlay, no kubectl): what the checks must accept. */
function baseDocuments(): K8sDocument[] {
  const files = readdirSync(BASE, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'),
  );
  return files.flatMap((file) => parseAllDocuments(readFileSync(join(BASE, file), 'utf8')).map((doc) => doc.toJS() as K8sDocument));
}

/** A deep copy of the base's document `kind`/`name`, to break. */
function baseDocument(kind: string, name: string): K8sDocument {
  const doc = baseDocuments().find((d) => d.kind === kind && (d.metadata as { name: string }).name === name);
  if (!doc) throw new Error(`no ${kind}/${name} in the base`);
  return structuredClone(doc);
}

type Spec = Record<string, any>;

const specOf = (doc: K8sDocument) => doc.spec as Spec;

describe('documentProblems', () => {
  it('accepts every document of the base', () => {
    const problems = baseDocuments().flatMap((doc) => documentProblems(doc));
    expect(problems).toEqual([]);
  });

  describe('RabbitmqCluster (structural, rabbitmq.com/v1beta1)', () => {
    it('refuses a cluster of other than three nodes, or a count that is not a number', () => {
      for (const replicas of [1, '3']) {
        const broker = baseDocument('RabbitmqCluster', 'yekuo-rabbitmq');
        specOf(broker).replicas = replicas;
        expect(documentProblems(broker)).toEqual([
          `spec.replicas must be 3, the nodes a quorum queue needs (got ${JSON.stringify(replicas)})`,
        ]);
      }
    });

    it('refuses a spec key the operator does not know, and a cluster whose queues default to classic', () => {
      const broker = baseDocument('RabbitmqCluster', 'yekuo-rabbitmq');
      specOf(broker).replica = 3;
      specOf(broker).rabbitmq.additionalConfig = 'default_queue_type = classic\n';
      expect(documentProblems(broker)).toEqual([
        'spec has keys rabbitmq.com/v1beta1 RabbitmqCluster does not: replica',
        'spec.rabbitmq.additionalConfig must set default_queue_type = quorum',
      ]);
    });

    it('refuses another apiVersion than the pinned one, and storage that is not a quantity', () => {
      const broker = baseDocument('RabbitmqCluster', 'yekuo-rabbitmq');
      expect(documentProblems({ ...broker, apiVersion: 'rabbitmq.com/v1' })).toEqual([
        'RabbitmqCluster is checked at rabbitmq.com/v1beta1 only, not rabbitmq.com/v1',
      ]);
      specOf(broker).persistence.storage = 'ten gigabytes';
      expect(documentProblems(broker)).toEqual(['spec.persistence.storage must be a quantity such as 10Gi (got "ten gigabytes")']);
    });
  });

  describe('CloudNativePG Cluster (structural, postgresql.cnpg.io/v1)', () => {
    it('refuses a cluster without instances, storage size or the initdb database, owner and secret', () => {
      const cluster = baseDocument('Cluster', 'planning-db');
      delete specOf(cluster).instances;
      delete specOf(cluster).storage;
      specOf(cluster).bootstrap.initdb = { database: '', secret: { name: 7 } };
      expect(documentProblems(cluster)).toEqual([
        'spec.instances must be an integer of at least 1 (got undefined)',
        'spec.storage.size must be a quantity such as 10Gi (got undefined)',
        'spec.bootstrap.initdb.database must be a non-empty string',
        'spec.bootstrap.initdb.owner must be a non-empty string',
        'spec.bootstrap.initdb.secret.name must be a non-empty string',
      ]);
    });

    it('refuses unknown spec keys, wrong types and an unpinned version or kind of the group', () => {
      const cluster = baseDocument('Cluster', 'planning-db');
      specOf(cluster).instance = 2;
      specOf(cluster).instances = 0;
      specOf(cluster).enableSuperuserAccess = 'yes';
      expect(documentProblems(cluster)).toEqual([
        'spec has keys postgresql.cnpg.io/v1 Cluster does not: instance',
        'spec.instances must be an integer of at least 1 (got 0)',
        'spec.enableSuperuserAccess must be true or false',
      ]);
      expect(documentProblems({ ...cluster, apiVersion: 'postgresql.cnpg.io/v1beta1' })).toEqual([
        'Cluster is checked at postgresql.cnpg.io/v1 only, not postgresql.cnpg.io/v1beta1',
      ]);
      expect(documentProblems({ ...cluster, kind: 'Pooler' })).toEqual(['postgresql.cnpg.io/v1 Pooler has no structural check']);
      expect(documentProblems({ ...cluster, spec: 'instances: 2' })).toEqual(['spec must be an object']);
    });
  });

  it('refuses a PrometheusRule whose rule has no expression or is neither an alert nor a record', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'yekuo' },
      spec: {
        groups: [
          { name: 'yekuo', rules: [{ alert: 'OutboxBacklog', expr: 'yekuo_outbox_backlog > 100' }, { alert: 'NoExpr' }, { expr: 'up' }] },
        ],
      },
    };
    expect(documentProblems(rule)).toEqual([
      'spec.groups[0].rules[1] must have expr and one of alert or record',
      'spec.groups[0].rules[2] must have expr and one of alert or record',
    ]);
  });

  it("validates Kubernetes' kinds against their schemas", () => {
    const deployment = baseDocument('Deployment', 'intake');
    specOf(deployment).replicas = '2';
    delete specOf(deployment).selector;
    const problems = documentProblems(deployment);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('data/spec must have required property selector');
    expect(problems[0]).toContain('data/spec/replicas must be integer');
    expect(documentProblems({ ...baseDocument('Service', 'gateway'), metadata: {} })).toEqual(['metadata.name must be a non-empty string']);
  });

  it('fails a kind it has no schema or check for, rather than passing it', () => {
    const deployment = baseDocument('Deployment', 'intake');
    expect(documentProblems({ ...deployment, apiVersion: 'apps/v1beta2' })).toEqual(['no schema for apps/v1beta2 Deployment']);
    expect(documentProblems({ ...deployment, kind: 'DeploymentSpec' })).toEqual(['no schema for apps/v1 DeploymentSpec']);
    expect(documentProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'no schema for example.com/v1 Widget',
    ]);
    expect(documentProblems({ kind: 'Deployment' })).toEqual(['apiVersion and kind must be non-empty strings']);
  });
});

describe('deploymentProblems', () => {
  it('runs the commands the service entry point has', () => {
    expect([YEKUO.provisionCommand, YEKUO.migrateCommand]).toEqual([PROVISION_DATABASE_COMMAND, MIGRATE_COMMAND]);
  });

  it('finds everything the deployment needs in the base', () => {
    expect(deploymentProblems(baseDocuments(), YEKUO)).toEqual([]);
  });

  it('names a service without its disruption budget, autoscaler, database or migrate Job', () => {
    const docs = baseDocuments().filter(
      (d) =>
        !(d.kind === 'PodDisruptionBudget' && (d.metadata as { name: string }).name === 'planning') &&
        !(d.kind === 'HorizontalPodAutoscaler' && (d.metadata as { name: string }).name === 'metering') &&
        !(d.kind === 'Cluster' && (d.metadata as { name: string }).name === 'contracts-db') &&
        !(d.kind === 'Job' && (d.metadata as { name: string }).name === 'inspection-migrate'),
    );
    expect(deploymentProblems(docs, YEKUO)).toEqual([
      'Deployment/planning: no PodDisruptionBudget selects its pods',
      'Job/inspection-migrate is missing',
      'no CloudNativePG Cluster makes the database yekuo_contracts',
      'Deployment/metering: no HorizontalPodAutoscaler scales it',
    ]);
  });

  it('refuses a migrate Job on another image than its Deployment, and probes, ports or resources that are wrong', () => {
    const docs = baseDocuments();
    const job = docs.find((d) => d.kind === 'Job' && (d.metadata as { name: string }).name === 'intake-migrate')!;
    specOf(job).template.spec.containers[0].image = 'yekuo-intake:old';
    const deployment = docs.find((d) => d.kind === 'Deployment' && (d.metadata as { name: string }).name === 'notifications')!;
    const container = specOf(deployment).template.spec.containers[0];
    delete container.readinessProbe;
    container.livenessProbe.httpGet.path = '/';
    container.ports[0].containerPort = 4005;
    delete container.resources.limits;
    expect(deploymentProblems(docs, YEKUO)).toEqual([
      'Job/intake-migrate: migrate runs yekuo-intake:old, the Deployment yekuo-intake',
      'Deployment/notifications: livenessProbe must GET /health/live',
      'Deployment/notifications: readinessProbe must GET /health/ready',
      'Deployment/notifications: resources.limits.memory must be set',
      'Deployment/notifications: port http must be 4006',
    ]);
  });

  it('refuses a secret written into the manifests, and a broker or an ingress that is missing', () => {
    const docs = baseDocuments().filter((d) => d.kind !== 'RabbitmqCluster' && d.kind !== 'Ingress');
    const deployment = docs.find((d) => d.kind === 'Deployment' && (d.metadata as { name: string }).name === 'intake')!;
    const env = specOf(deployment).template.spec.containers[0].env as { name: string; value?: string }[];
    env.push({ name: 'PII_HMAC_KEY', value: 'c2VjcmV0' }, { name: 'AMQP_URL', value: 'amqp://yekuo:hunter2@rabbitmq:5672' });
    docs.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'intake-pii' }, stringData: { PII_KEYS: 'k1:AAAA' } });
    expect(deploymentProblems(docs, YEKUO)).toEqual([
      'Deployment/intake: PII_HMAC_KEY is written in the manifest; read it from a Secret',
      'Deployment/intake: AMQP_URL carries a password; read it from a Secret',
      'Deployment/gateway: no Ingress routes to Service gateway',
      'there must be one RabbitmqCluster (found 0)',
      'Secret/intake-pii: secrets are referenced by name, never part of the manifests',
    ]);
  });
});
