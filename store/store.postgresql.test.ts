import { afterAll, beforeAll } from 'vitest';
import { describeWithPostgres } from '../test/helpers/infra';
import { createFreshDatabase, type FreshDatabase } from '../test/helpers/postgres';
import { storeContract } from './store.contract';

describeWithPostgres('store on PostgreSQL', () => {
  let database: FreshDatabase;
  beforeAll(async () => {
    database = await createFreshDatabase('plexus_store');
  });
  // Registered before the suite's own afterAll, so it runs after the ORM has closed.
  afterAll(() => database?.drop());

  storeContract('postgresql', () => database.url);
});
