import { ServiceName, TOPOLOGY, TopicName } from '@lib/messaging';

/** Who this process is: read by /version, the logger, the phase runner and deploy drift checks. */
export interface ServiceIdentity {
  name: ServiceName;
  phase: number;
  version: string;
  commit: string;
  builtAt: string | null;
  startedAt: string;
}

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

/** The topic a service announces its finished runs on, from the one topology declaration. */
export function completionTopicOf(service: ServiceName): TopicName {
  const topic = TOPOLOGY.find((definition) => definition.publisher === service);
  if (!topic) throw new Error(`the topology declares no completion topic published by ${service}`);
  return topic.name as TopicName;
}
