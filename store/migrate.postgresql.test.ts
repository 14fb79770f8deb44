import { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPostgres } from '../test/helpers/infra';
import { createFreshDatabase, type FreshDatabase } from '../test/helpers/postgres';
import { migrate } from './migrate';
import { migrations } from './migrations/postgresql';
import { createOrmConfig } from './mikro-orm.config';
import type { Orm } from './orm';

describeWithPostgres('migrate on PostgreSQL', () => {
  let database: FreshDatabase;
  const orms: Orm[] = [];
  beforeAll(async () => {
    database = await createFreshDatabase('plexus_migrate');
  });
  afterAll(async () => {
    await Promise.all(orms.map((orm) => orm.close(true)));
    await database?.drop();
  });

  it('applies each migration once when two processes start together', async () => {
    for (let i = 0; i < 2; i++) orms.push(await MikroORM.init(createOrmConfig(database.url)));
    const [first = [], second = []] = await Promise.all(orms.map((orm) => migrate(orm)));
    // Every migration once, whichever process applied it.
    expect([...first, ...second].sort()).toEqual(migrations.map((m) => m.name).sort());
    const executed = await orms[0]?.getMigrator().getExecutedMigrations();
    expect(executed?.map((m) => m.name)).toEqual([...first, ...second]);
  });
});
