/** The five services, in phase order, with the local port each listens on by default. */
export const SERVICE_NAMES = [
  'phase1-scrapers',
  'phase2-raw',
  'phase3-analytics',
  'phase4-precompute',
  'phase5-predictions',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DEFAULT_LOCAL_PORTS: Record<ServiceName, number> = {
  'phase1-scrapers': 8081,
  'phase2-raw': 8082,
  'phase3-analytics': 8083,
  'phase4-precompute': 8084,
  'phase5-predictions': 8085,
};

export function phaseNumber(service: ServiceName): number {
  return SERVICE_NAMES.indexOf(service) + 1;
}

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
