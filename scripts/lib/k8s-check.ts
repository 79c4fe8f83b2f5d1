// The checks behind `npm run check:k8s`: every document an overlay of deploy/k8s renders is valid, and
// together they deploy what the product requires. Kubernetes' own kinds are validated against their
// OpenAPI schemas (kubernetes-models); the operators' kinds, whose schemas no package ships, by a
// structural check of the fields these manifests rely on, at pinned apiVersions. A kind neither knows fails.
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { GATEWAY_MANAGEMENT_PORT, GATEWAY_PORT, SERVICES } from '@yekuo/platform/core';

/** One rendered document, as parsed from YAML. */
export type K8sDocument = Record<string, unknown>;

interface ModelClass {
  new (data: object): { validate(): void };
  readonly apiVersion?: string;
  readonly kind?: string;
}

/** The kubernetes-models modules by apiVersion; a resource of another apiVersion has no schema here. */
const MODELS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'batch/v1': batchV1,
  'autoscaling/v2': autoscalingV2,
  'policy/v1': policyV1,
  'networking.k8s.io/v1': networkingV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
};

/** The model class of a top-level resource (one with its own apiVersion and kind), or undefined. */
export function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
  const candidate = MODELS[apiVersion]?.[kind] as ModelClass | undefined;
  return typeof candidate === 'function' && candidate.apiVersion === apiVersion && candidate.kind === kind ? candidate : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
/** A Kubernetes quantity as the storage fields take it (`10Gi`, `500M`). */
const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** Reads `path` (dot-separated) in `value`. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), value);
}

/** A structural check: adds to `problems` what is wrong with the resource's `spec`. */
type SpecCheck = (spec: Record<string, unknown>, problems: string[]) => void;

interface OperatorKind {
  apiVersion: string;
  /** Every field the pinned version's spec has; any other top-level key is refused. */
  specKeys: readonly string[];
  check: SpecCheck;
}

function requireString(spec: Record<string, unknown>, path: string, problems: string[]): void {
  if (!isString(at(spec, path))) problems.push(`spec.${path} must be a non-empty string`);
}

function requireQuantity(spec: Record<string, unknown>, path: string, problems: string[]): void {
  const value = at(spec, path);
  if (typeof value !== 'string' || !QUANTITY.test(value))
    problems.push(`spec.${path} must be a quantity such as 10Gi (got ${JSON.stringify(value)})`);
}

function optional(spec: Record<string, unknown>, path: string, test: (value: unknown) => boolean, what: string, problems: string[]): void {
  const value = at(spec, path);
  if (value !== undefined && !test(value)) problems.push(`spec.${path} must be ${what}`);
}

/** The operators' kinds these manifests may use, by group and kind. */
export const OPERATOR_KINDS: Record<string, Record<string, OperatorKind>> = {
  // RabbitMQ Cluster Operator v2.
  'rabbitmq.com': {
    RabbitmqCluster: {
      apiVersion: 'rabbitmq.com/v1beta1',
      specKeys: [
        'replicas',
        'image',
        'imagePullSecrets',
        'service',
        'persistence',
        'resources',
        'affinity',
        'tolerations',
        'rabbitmq',
        'tls',
        'override',
        'skipPostDeploySteps',
        'terminationGracePeriodSeconds',
        'delayStartSeconds',
        'secretBackend',
        'autoEnableAllFeatureFlags',
      ],
      check(spec, problems) {
        if (spec.replicas !== 3)
          problems.push(`spec.replicas must be 3, the nodes a quorum queue needs (got ${JSON.stringify(spec.replicas)})`);
        optional(spec, 'image', isString, 'a non-empty string', problems);
        if (at(spec, 'persistence.storage') !== undefined) requireQuantity(spec, 'persistence.storage', problems);
        optional(spec, 'resources', isObject, 'an object', problems);
        const config = at(spec, 'rabbitmq.additionalConfig');
        if (typeof config !== 'string' || !/^\s*default_queue_type\s*=\s*quorum\s*$/m.test(config)) {
          problems.push('spec.rabbitmq.additionalConfig must set default_queue_type = quorum');
        }
      },
    },
  },
  // CloudNativePG 1.2x.
  'postgresql.cnpg.io': {
    Cluster: {
      apiVersion: 'postgresql.cnpg.io/v1',
      specKeys: [
        'affinity',
        'backup',
        'bootstrap',
        'certificates',
        'description',
        'enablePDB',
        'enableSuperuserAccess',
        'env',
        'envFrom',
        'ephemeralVolumeSource',
        'ephemeralVolumesSizeLimit',
        'externalClusters',
        'failoverDelay',
        'imageCatalogRef',
        'imageName',
        'imagePullPolicy',
        'imagePullSecrets',
        'inheritedMetadata',
        'instances',
        'livenessProbeTimeout',
        'logLevel',
        'managed',
        'maxSyncReplicas',
        'minSyncReplicas',
        'monitoring',
        'nodeMaintenanceWindow',
        'plugins',
        'postgresGID',
        'postgresUID',
        'postgresql',
        'primaryUpdateMethod',
        'primaryUpdateStrategy',
        'priorityClassName',
        'probes',
        'projectedVolumeTemplate',
        'replica',
        'replicationSlots',
        'resources',
        'schedulerName',
        'seccompProfile',
        'serviceAccountTemplate',
        'smartShutdownTimeout',
        'startDelay',
        'stopDelay',
        'storage',
        'superuserSecret',
        'switchoverDelay',
        'tablespaces',
        'topologySpreadConstraints',
        'walStorage',
      ],
      check(spec, problems) {
        const instances = spec.instances;
        if (!Number.isInteger(instances) || (instances as number) < 1) {
          problems.push(`spec.instances must be an integer of at least 1 (got ${JSON.stringify(instances)})`);
        }
        requireQuantity(spec, 'storage.size', problems);
        requireString(spec, 'bootstrap.initdb.database', problems);
        requireString(spec, 'bootstrap.initdb.owner', problems);
        requireString(spec, 'bootstrap.initdb.secret.name', problems);
        optional(spec, 'imageName', isString, 'a non-empty string', problems);
        optional(spec, 'enableSuperuserAccess', (v) => typeof v === 'boolean', 'true or false', problems);
        optional(spec, 'superuserSecret.name', isString, 'a non-empty string', problems);
        optional(spec, 'resources', isObject, 'an object', problems);
      },
    },
  },
  // Prometheus Operator.
  'monitoring.coreos.com': {
    ServiceMonitor: {
      apiVersion: 'monitoring.coreos.com/v1',
      specKeys: [
        'attachMetadata',
        'endpoints',
        'jobLabel',
        'labelLimit',
        'labelNameLengthLimit',
        'labelValueLengthLimit',
        'namespaceSelector',
        'podTargetLabels',
        'sampleLimit',
        'selector',
        'targetLabels',
        'targetLimit',
      ],
      check(spec, problems) {
        if (!isObject(spec.selector)) problems.push('spec.selector must be an object');
        const endpoints = spec.endpoints;
        if (!Array.isArray(endpoints) || endpoints.length === 0) problems.push('spec.endpoints must list at least one endpoint');
        else if (!endpoints.every((e) => isObject(e) && isString(e.port))) problems.push('spec.endpoints[].port must name a port');
      },
    },
    PrometheusRule: {
      apiVersion: 'monitoring.coreos.com/v1',
      specKeys: ['groups'],
      check(spec, problems) {
        const groups = spec.groups;
        if (!Array.isArray(groups) || groups.length === 0) {
          problems.push('spec.groups must list at least one group');
          return;
        }
        for (const [i, group] of groups.entries()) {
          if (!isObject(group) || !isString(group.name) || !Array.isArray(group.rules)) {
            problems.push(`spec.groups[${i}] must have a name and rules`);
            continue;
          }
          for (const [j, rule] of group.rules.entries()) {
            const named = isObject(rule) && isString(rule.alert) !== isString(rule.record);
            if (!named || !isString(rule.expr)) problems.push(`spec.groups[${i}].rules[${j}] must have expr and one of alert or record`);
          }
        }
      },
    },
  },
};

/** The document's `Kind/name` as the problems name it. */
export function labelOf(doc: K8sDocument): string {
  return `${String(doc.kind)}/${String(at(doc, 'metadata.name'))}`;
}

/**
 * What is wrong with one document: its schema's violations (kubernetes-models), or the operator kind's
 * structural problems; a document with no schema here is a problem in itself.
 */
export function documentProblems(doc: K8sDocument): string[] {
  const { apiVersion, kind } = doc;
  if (!isString(apiVersion) || !isString(kind)) return ['apiVersion and kind must be non-empty strings'];
  const problems: string[] = [];
  if (!isString(at(doc, 'metadata.name'))) problems.push('metadata.name must be a non-empty string');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const operatorKinds = OPERATOR_KINDS[group];
  if (operatorKinds) {
    const operatorKind = Object.hasOwn(operatorKinds, kind) ? operatorKinds[kind] : undefined;
    if (!operatorKind) return [...problems, `${apiVersion} ${kind} has no structural check`];
    if (apiVersion !== operatorKind.apiVersion)
      return [...problems, `${kind} is checked at ${operatorKind.apiVersion} only, not ${apiVersion}`];
    const spec = doc.spec;
    if (!isObject(spec)) return [...problems, 'spec must be an object'];
    const unknown = Object.keys(spec).filter((key) => !operatorKind.specKeys.includes(key));
    if (unknown.length > 0) problems.push(`spec has keys ${operatorKind.apiVersion} ${kind} does not: ${unknown.join(', ')}`);
    operatorKind.check(spec, problems);
    return problems;
  }
  const Model = modelOf(apiVersion, kind);
  if (!Model) return [...problems, `no schema for ${apiVersion} ${kind}`];
  try {
    new Model(doc).validate();
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}

/** A process of the deployment: a service, or the gateway. */
export interface Workload {
  name: string;
  port: number;
  managementPort: number;
  /** A service has its database and its migrate Job; the gateway has its Service and Ingress. */
  role: 'service' | 'gateway';
}

/** What the overlay must deploy. */
export interface Expectations {
  workloads: readonly Workload[];
  /** The commands of the migrate Job: the service entry point's `provision-database` and `migrate`. */
  provisionCommand: string;
  migrateCommand: string;
}

/** Yekuo's six services and the gateway, on their ports; the commands of the service entry point (bootstrap.ts). */
export const YEKUO: Expectations = {
  workloads: [
    ...SERVICES.map((s) => ({ name: s.name, port: s.port, managementPort: s.managementPort, role: 'service' as const })),
    { name: 'gateway', port: GATEWAY_PORT, managementPort: GATEWAY_MANAGEMENT_PORT, role: 'gateway' },
  ],
  provisionCommand: 'provision-database',
  migrateCommand: 'migrate',
};

type Container = Record<string, unknown>;

function containersOf(podSpec: unknown, field: 'containers' | 'initContainers' = 'containers'): Container[] {
  const list = at(podSpec, field);
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function find(docs: readonly K8sDocument[], kind: string, name: string): K8sDocument | undefined {
  return docs.find((doc) => doc.kind === kind && at(doc, 'metadata.name') === name);
}

/** Whether every label of `selector` is among `labels`. */
function selects(selector: unknown, labels: unknown): boolean {
  return (
    isObject(selector) &&
    Object.keys(selector).length > 0 &&
    isObject(labels) &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

/** A variable whose value must come from a Secret, never be written in a manifest. */
const SECRET_VARIABLE = /PASSWORD|SECRET|_KEYS$|HMAC|TOKEN/;
/** A URL with a password written into it (a reference such as `$(DATABASE_APP_PASSWORD)` is fine). */
const URL_WITH_PASSWORD = /\/\/[^/:@\s]+:(?!\$\()[^@\s]+@/;

function secretProblems(doc: K8sDocument, containers: Container[]): string[] {
  return containers.flatMap((container) =>
    (Array.isArray(container.env) ? container.env.filter(isObject) : []).flatMap((variable) => {
      const { name, value } = variable;
      if (value === undefined) return [];
      if (typeof name === 'string' && SECRET_VARIABLE.test(name))
        return [`${labelOf(doc)}: ${name} is written in the manifest; read it from a Secret`];
      if (typeof value === 'string' && URL_WITH_PASSWORD.test(value))
        return [`${labelOf(doc)}: ${String(name)} carries a password; read it from a Secret`];
      return [];
    }),
  );
}

function probeProblems(deployment: K8sDocument, container: Container, workload: Workload): string[] {
  const label = labelOf(deployment);
  const problems: string[] = [];
  if (at(container, 'livenessProbe.httpGet.path') !== '/health/live') problems.push(`${label}: livenessProbe must GET /health/live`);
  const ready = at(container, 'readinessProbe.httpGet.path');
  // The gateway's /health/ready fails while any one subgraph is down: it may take /health/live.
  const accepted = workload.role === 'gateway' ? ['/health/ready', '/health/live'] : ['/health/ready'];
  if (!accepted.includes(ready as string)) problems.push(`${label}: readinessProbe must GET ${accepted.join(' or ')}`);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const port = at(container, `${probe}.httpGet.port`);
    if (port !== undefined && port !== 'http' && port !== workload.port)
      problems.push(`${label}: ${probe} must probe port ${workload.port}`);
  }
  return problems;
}

function workloadProblems(docs: readonly K8sDocument[], workload: Workload, expect: Expectations): string[] {
  const deployment = find(docs, 'Deployment', workload.name);
  if (!deployment) return [`Deployment/${workload.name} is missing`];
  const label = labelOf(deployment);
  const problems: string[] = [];
  const podSpec = at(deployment, 'spec.template.spec');
  const container = containersOf(podSpec).find((c) => c.name === workload.name);
  if (!container) return [`${label}: no container named ${workload.name}`];
  problems.push(...probeProblems(deployment, container, workload));
  for (const field of ['requests.cpu', 'requests.memory', 'limits.memory']) {
    if (at(container.resources, field) === undefined) problems.push(`${label}: resources.${field} must be set`);
  }
  const ports = Array.isArray(container.ports) ? container.ports.filter(isObject) : [];
  const portOf = (name: string) => ports.find((p) => p.name === name)?.containerPort;
  if (portOf('http') !== workload.port) problems.push(`${label}: port http must be ${workload.port}`);
  if (portOf('metrics') !== workload.managementPort) problems.push(`${label}: port metrics must be ${workload.managementPort}`);
  const env = Array.isArray(container.env) ? container.env.filter(isObject) : [];
  const valueOf = (name: string) => env.find((v) => v.name === name)?.value;
  if (valueOf('PORT') !== String(workload.port)) problems.push(`${label}: PORT must be ${workload.port}`);
  if (valueOf('MANAGEMENT_PORT') !== String(workload.managementPort))
    problems.push(`${label}: MANAGEMENT_PORT must be ${workload.managementPort}`);
  problems.push(...secretProblems(deployment, containersOf(podSpec)));

  const podLabels = at(deployment, 'spec.template.metadata.labels');
  const budgets = docs.filter((d) => d.kind === 'PodDisruptionBudget' && selects(at(d, 'spec.selector.matchLabels'), podLabels));
  if (budgets.length === 0) problems.push(`${label}: no PodDisruptionBudget selects its pods`);
  const autoscaler = docs.find(
    (d) =>
      d.kind === 'HorizontalPodAutoscaler' &&
      at(d, 'spec.scaleTargetRef.kind') === 'Deployment' &&
      at(d, 'spec.scaleTargetRef.name') === workload.name,
  );
  if (!autoscaler) problems.push(`${label}: no HorizontalPodAutoscaler scales it`);
  else {
    const min = at(autoscaler, 'spec.minReplicas') as number;
    const max = at(autoscaler, 'spec.maxReplicas') as number;
    if (!(Number.isInteger(min) && min >= 1 && max >= min)) problems.push(`${labelOf(autoscaler)}: needs 1 <= minReplicas <= maxReplicas`);
  }
  const service = docs.find(
    (d) => d.kind === 'Service' && at(d, 'metadata.name') === workload.name && selects(at(d, 'spec.selector'), podLabels),
  );
  if (!service) problems.push(`${label}: no Service ${workload.name} selects its pods`);

  if (workload.role === 'gateway') {
    const routed = docs.some(
      (d) =>
        d.kind === 'Ingress' &&
        (at(d, 'spec.rules') as unknown[] | undefined)?.some((rule) =>
          (at(rule, 'http.paths') as unknown[] | undefined)?.some((path) => at(path, 'backend.service.name') === workload.name),
        ),
    );
    if (!routed) problems.push(`${label}: no Ingress routes to Service ${workload.name}`);
    return problems;
  }
  return [...problems, ...migrationProblems(docs, workload, container, expect), ...databaseProblems(docs, workload)];
}

function migrationProblems(docs: readonly K8sDocument[], workload: Workload, serviceContainer: Container, expect: Expectations): string[] {
  const job = find(docs, 'Job', `${workload.name}-migrate`);
  if (!job) return [`Job/${workload.name}-migrate is missing`];
  const label = labelOf(job);
  const podSpec = at(job, 'spec.template.spec');
  const problems = secretProblems(job, [...containersOf(podSpec, 'initContainers'), ...containersOf(podSpec)]);
  const runs = (containers: Container[], command: string) =>
    containers.find((c) => {
      const line: unknown[] = [c.command, c.args].flatMap((part): unknown[] => (Array.isArray(part) ? part : []));
      return line.length >= 3 && line[0] === 'node' && line[1] === '.' && line[2] === command;
    });
  const provision = runs(containersOf(podSpec, 'initContainers'), expect.provisionCommand);
  const migrate = runs(containersOf(podSpec), expect.migrateCommand);
  if (!provision) problems.push(`${label}: an init container must run node . ${expect.provisionCommand}`);
  if (!migrate) problems.push(`${label}: a container must run node . ${expect.migrateCommand}`);
  for (const container of [provision, migrate]) {
    if (container && container.image !== serviceContainer.image) {
      problems.push(
        `${label}: ${String(container.name)} runs ${String(container.image)}, the Deployment ${String(serviceContainer.image)}`,
      );
    }
  }
  return problems;
}

function databaseProblems(docs: readonly K8sDocument[], workload: Workload): string[] {
  const database = `yekuo_${workload.name}`;
  const cluster = docs.find(
    (d) => d.apiVersion === 'postgresql.cnpg.io/v1' && d.kind === 'Cluster' && at(d, 'spec.bootstrap.initdb.database') === database,
  );
  if (!cluster) return [`no CloudNativePG Cluster makes the database ${database}`];
  const owner = at(cluster, 'spec.bootstrap.initdb.owner');
  return owner === `${database}_owner`
    ? []
    : [`${labelOf(cluster)}: the owner of ${database} must be ${database}_owner, not ${String(owner)}`];
}

/** What the documents together lack: each workload's pieces, the broker, and secrets written in them. */
export function deploymentProblems(docs: readonly K8sDocument[], expect: Expectations): string[] {
  const problems = expect.workloads.flatMap((workload) => workloadProblems(docs, workload, expect));
  const brokers = docs.filter((d) => d.kind === 'RabbitmqCluster');
  if (brokers.length !== 1) problems.push(`there must be one RabbitmqCluster (found ${brokers.length})`);
  for (const doc of docs) {
    if (doc.kind === 'Secret') problems.push(`${labelOf(doc)}: secrets are referenced by name, never part of the manifests`);
  }
  return problems;
}
