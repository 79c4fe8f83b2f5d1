/** The processes that make up Yekuo, with their local ports (ARCHITECTURE.md, "Ports"). */
export const SERVICES = [
  { name: 'intake', port: 4001 },
  { name: 'planning', port: 4002 },
  { name: 'inspection', port: 4003 },
  { name: 'contracts', port: 4004 },
  { name: 'metering', port: 4005 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

export const GATEWAY_PORT = 4000;
