// The toolkit every vendor sandbox builds on; nothing here knows a vendor.
export { startSandboxServer, type SandboxServer, type SandboxServerOptions } from './server';
export { Knobs, knobSettingsSchema, type KnobSettings, type VendorErrorBody } from './knobs';
export { LeakyBucket, type Clock, type LeakyBucketOptions } from './rate-limit';
export {
  WebhookDeliverer,
  deliveryKnobsSchema,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryKnobs,
  type DeliveryStats,
} from './webhooks';
export { encodeCursor, decodeCursor } from './cursor';
export { TrafficGenerator, type TrafficOptions } from './traffic';
export { createRng, pick, intBetween, chance, type Rng } from './random';
