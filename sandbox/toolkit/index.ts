// The toolkit every vendor sandbox builds on; nothing here knows a vendor.
export { startSandboxServer, type SandboxServer, type SandboxServerOptions } from './server';
export { startVendorServer, type VendorServerOptions } from './vendor-server';
export { Knobs, knobSettingsSchema, type KnobSettings, type VendorErrorBody } from './knobs';
export { LeakyBucket, perWindow, type Clock, type LeakyBucketOptions } from './rate-limit';
export {
  WebhookDeliverer,
  deliveryKnobsSchema,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryKnobs,
  type DeliveryOutcome,
  type DeliveryStats,
} from './webhooks';
export { encodeCursor, decodeCursor } from './cursor';
export { TrafficGenerator, type TrafficOptions } from './traffic';
export { createRng, pick, intBetween, chance, type Rng } from './random';
export { parseOptions } from './options';
export { MonotonicClock } from './clock';
export { AccessTokens, type IssuedToken, type TokenCheck } from './tokens';
export { personSchema, type Person } from './people';
