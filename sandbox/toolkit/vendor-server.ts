import type { FastifyInstance } from 'fastify';
import { Knobs, type KnobSettings, type KnobsOptions } from './knobs';
import { startSandboxServer, type SandboxServer } from './server';

export interface VendorServerOptions {
  /** The sandbox's parsed options: where it listens, its log level, its failure knobs and seed. */
  config: {
    host: string;
    port: number;
    logger: false | string;
    knobs: Partial<KnobSettings>;
    seed: number;
  };
  /** The vendor's body for an injected failure. */
  errorBody: KnobsOptions['errorBody'];
  /** Which requests the knobs apply to: the vendor's API, not its token or download paths. */
  applies: NonNullable<KnobsOptions['applies']>;
  /** The vendor's routes, registered after the knobs' hook. */
  routes: (app: FastifyInstance) => void;
}

/** A vendor sandbox's server with its failure knobs in front of every API route. */
export async function startVendorServer(
  options: VendorServerOptions,
): Promise<{ server: SandboxServer; knobs: Knobs }> {
  const { config } = options;
  const knobs = new Knobs({
    settings: config.knobs,
    seed: config.seed,
    errorBody: options.errorBody,
    applies: options.applies,
  });
  const server = await startSandboxServer({
    host: config.host,
    port: config.port,
    logger: config.logger,
    routes: (app) => {
      knobs.install(app);
      options.routes(app);
    },
  });
  return { server, knobs };
}
