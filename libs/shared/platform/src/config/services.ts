/** The processes that make up Yekuo, with their local ports (ARCHITECTURE.md, "Ports"). */
export const SERVICES = [
  { name: 'intake', port: 4001, managementPort: 9401 },
  { name: 'planning', port: 4002, managementPort: 9402 },
  { name: 'inspection', port: 4003, managementPort: 9403 },
  { name: 'contracts', port: 4004, managementPort: 9404 },
  { name: 'metering', port: 4005, managementPort: 9405 },
  { name: 'notifications', port: 4006, managementPort: 9406 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

export const GATEWAY_PORT = 4000;

/** Where the gateway serves `/metrics` (each service's own is in SERVICES). */
export const GATEWAY_MANAGEMENT_PORT = 9400;

/** The default management port of service `name`; 0 (any free port) for a service not in SERVICES (a test's probe). */
export function defaultManagementPort(name: string): number {
  return SERVICES.find((s) => s.name === name)?.managementPort ?? 0;
}
