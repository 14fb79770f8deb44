import { loadConfig, type Config } from '../lib/config';

/** Every command validates the environment first, so a bad value stops it with every problem named. */
export const withConfig =
  <A extends unknown[]>(run: (config: Config, ...args: A) => Promise<void>) =>
  async (...args: A) => {
    await run(loadConfig(), ...args);
  };
