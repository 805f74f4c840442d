export * from './publisher.interface';
export * from './topology/services';
export * from './topology/topology';
export * from './contracts';
export * from './dead-letter/dead-letter.repository';
export * from './local-relay/local-push-relay';
export * from './pubsub/pubsub.publisher';
export * from './local-relay/seeded-random';
