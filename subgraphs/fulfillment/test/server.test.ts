import { createTestDb, createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { rollbackAll, type Identity } from '@qc/shared';
import { migrations } from '../migrations';
import { createRepositories, type PickTaskRecord } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const HOUR = 3_600_000;
const MINUTE = 60_000;
const start = new Date(Date.now() - HOUR);
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
const inTheFuture = new Date(Date.now() + HOUR);

const staffA: Identity = { sub: 'staff-a', role: 'store_staff', storeId: 'str_a' };
const staffB: Identity = { sub: 'staff-b', role: 'store_staff', storeId: 'str_b' };
/** How the gateway's planner is modelled when no person is behind a reference: the signed service identity. */
const SERVICE: Identity = { sub: 'gateway', role: 'service' };
const admin: Identity = { sub: 'root', role: 'admin' };
const customer: Identity = { sub: 'cus_1', role: 'customer' };

const task = (record: Partial<PickTaskRecord> & Pick<PickTaskRecord, 'id' | 'orderId'>): PickTaskRecord => ({
  storeId: 'str_a',
  status: 'QUEUED',
  promisedReadyAt: inTheFuture,
  startedAt: null,
  packedAt: null,
  createdAt: start,
  ...record,
});

// Inserted out of creation order so the queue has to sort.
const TASKS: PickTaskRecord[] = [
  task({ id: 'pck_3', orderId: 'ord_3', status: 'PACKED', createdAt: at(3), startedAt: at(4), packedAt: at(9), promisedReadyAt: at(15) }),
  task({ id: 'pck_1', orderId: 'ord_1', status: 'QUEUED', createdAt: at(1), promisedReadyAt: at(15) }),
  task({ id: 'pck_4', orderId: 'ord_4', status: 'CANCELLED', createdAt: at(4), promisedReadyAt: at(15) }),
  task({ id: 'pck_2', orderId: 'ord_2', status: 'PICKING', createdAt: at(2), startedAt: at(5) }),
  task({ id: 'pck_5', orderId: 'ord_5', storeId: 'str_b', createdAt: at(1) }),
];

const QUEUE = 'query($s: PickTaskStatus) { _entities(representations: [{ __typename: "Store", id: "str_a" }]) { ... on Store { queue(status: $s) { id status } } } }';
const queueIds = (res: { data?: any }) => res.data?._entities?.[0]?.queue?.map((t: { id: string }) => t.id);

beforeAll(async () => {
  deps = await createTestDeps('fulfillment', migrations);
  await createRepositories(deps.db).pickTasks.insertMany(TASKS);
  await createRepositories(deps.db).pickTaskItems.insertForTask('pck_2', [
    { productId: 'prd_b', quantity: 2 },
    { productId: 'prd_a', quantity: 1 },
  ]);
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

describe('fulfillment subgraph', () => {
  it("when the store's staff ask for a pick task, then it comes with its order, store, times and lateness", async () => {
    const res = await postGraphQL(
      url,
      '{ pickTask(id: "pck_3") { id order { id } store { id } status promisedReadyAt startedAt packedAt createdAt isLate } }',
      {},
      { identity: staffA },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      pickTask: {
        id: 'pck_3',
        order: { id: 'ord_3' },
        store: { id: 'str_a' },
        status: 'PACKED',
        promisedReadyAt: at(15).toISOString(),
        startedAt: at(4).toISOString(),
        packedAt: at(9).toISOString(),
        createdAt: at(3).toISOString(),
        isLate: false,
      },
    });
  });

  it('when an open task is past its promise, then it is late, and before its promise it is not', async () => {
    const res = await postGraphQL(url, '{ late: pickTask(id: "pck_1") { isLate } onTime: pickTask(id: "pck_2") { isLate } }', {}, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ late: { isLate: true }, onTime: { isLate: false } });
  });

  it('when an unknown pick task is asked for, then the answer is null', async () => {
    const res = await postGraphQL(url, '{ pickTask(id: "pck_missing") { id } }', {}, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ pickTask: null });
  });

  it("when another store's staff or a customer ask for a pick task, then it is null, exactly as for an unknown id", async () => {
    for (const identity of [staffB, customer]) {
      for (const id of ['pck_1', 'pck_missing']) {
        const res = await postGraphQL(url, 'query($id: ID!) { pickTask(id: $id) { id } }', { id }, { identity });
        expect(res).toMatchObject({ data: { pickTask: null } });
        expect(res.errors).toBeUndefined();
      }
    }
  });

  it('when nobody is signed in, then a pick task, known or not, is UNAUTHENTICATED', async () => {
    for (const id of ['pck_1', 'pck_missing']) {
      const res = await postGraphQL(url, 'query($id: ID!) { pickTask(id: $id) { id } }', { id });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it("when the store's own staff read its queue, then they get every task of the store, oldest first", async () => {
    const res = await postGraphQL(url, QUEUE, {}, { identity: staffA });
    expect(res.errors).toBeUndefined();
    expect(queueIds(res)).toEqual(['pck_1', 'pck_2', 'pck_3', 'pck_4']);
  });

  it('when the queue is filtered by status, then only tasks of that status come back', async () => {
    const queued = await postGraphQL(url, QUEUE, { s: 'QUEUED' }, { identity: staffA });
    expect(queued.data?._entities).toEqual([{ queue: [{ id: 'pck_1', status: 'QUEUED' }] }]);
    const packed = await postGraphQL(url, QUEUE, { s: 'PACKED' }, { identity: admin });
    expect(packed.data?._entities).toEqual([{ queue: [{ id: 'pck_3', status: 'PACKED' }] }]);
  });

  it("when another store's staff or a courier read the queue, then the error is FORBIDDEN", async () => {
    for (const identity of [staffB, { sub: 'cou_1', role: 'courier', courierId: 'cou_1' } as Identity]) {
      const res = await postGraphQL(url, QUEUE, {}, { identity });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(queueIds(res)).toBeUndefined();
    }
  });

  it('when nobody is signed in, then the queue is UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, QUEUE);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when an admin reads a queue, then it is allowed', async () => {
    const res = await postGraphQL(url, QUEUE, {}, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(queueIds(res)).toHaveLength(4);
  });

  it('when the status filter is not a status, then the error is BAD_USER_INPUT', async () => {
    const res = await postGraphQL(url, QUEUE, { s: 'DONE' }, { identity: staffA });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('when the gateway resolves PickTask references, then _entities answers in key order with null for unknown', async () => {
    const res = await postGraphQL(url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on PickTask { id status store { id } } } }', {
      r: [
        { __typename: 'PickTask', id: 'pck_5' },
        { __typename: 'PickTask', id: 'pck_missing' },
        { __typename: 'PickTask', id: 'pck_2' },
      ],
    }, { identity: SERVICE });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [{ id: 'pck_5', status: 'QUEUED', store: { id: 'str_b' } }, null, { id: 'pck_2', status: 'PICKING', store: { id: 'str_a' } }],
    });
  });

  it('when the gateway resolves Store references, then each gets its open (queued + picking) task count from one GROUP BY', async () => {
    const countQueries: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (/group by/i.test(q.sql)) countQueries.push(q.sql);
    };
    deps.db.on('query', onQuery);
    try {
      const res = await postGraphQL(url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { id openTaskCount } } }', {
        r: ['str_b', 'str_a', 'str_empty'].map((id) => ({ __typename: 'Store', id })),
      }, { identity: SERVICE });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        _entities: [
          { id: 'str_b', openTaskCount: 1 },
          { id: 'str_a', openTaskCount: 2 },
          { id: 'str_empty', openTaskCount: 0 },
        ],
      });
      expect(countQueries).toHaveLength(1);
    } finally {
      deps.db.removeListener('query', onQuery);
    }
  });

  it('when the gateway resolves Order references, then each order gets its pick task, or null when it has none', async () => {
    const res = await postGraphQL(url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id pickTask { id } } } }', {
      r: ['ord_4', 'ord_unknown', 'ord_1'].map((id) => ({ __typename: 'Order', id })),
    }, { identity: SERVICE });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        { id: 'ord_4', pickTask: { id: 'pck_4' } },
        { id: 'ord_unknown', pickTask: null },
        { id: 'ord_1', pickTask: { id: 'pck_1' } },
      ],
    });
  });

  it('when staff read an open late task, then it says how many minutes late it is and that it was due minutes ago', async () => {
    const res = await postGraphQL(url, '{ pickTask(id: "pck_1") { isLate minutesLate dueInMinutes } }', {}, { identity: staffA });
    expect(res.errors).toBeUndefined();
    // Promised 45 minutes (and the seconds this file has run) ago.
    const { minutesLate, dueInMinutes } = res.data!.pickTask as { minutesLate: number; dueInMinutes: number };
    expect(minutesLate).toBeGreaterThanOrEqual(46);
    expect(minutesLate).toBeLessThanOrEqual(47);
    expect(dueInMinutes).toBe(-minutesLate);
  });

  it('when staff read a task on time, a packed one and a cancelled one, then only the open one is due, and none is late', async () => {
    const res = await postGraphQL(
      url,
      '{ open: pickTask(id: "pck_2") { minutesLate dueInMinutes } packed: pickTask(id: "pck_3") { minutesLate dueInMinutes } cancelled: pickTask(id: "pck_4") { minutesLate dueInMinutes } }',
      {},
      { identity: admin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      open: { minutesLate: 0, dueInMinutes: expect.any(Number) },
      packed: { minutesLate: 0, dueInMinutes: null },
      cancelled: { minutesLate: 0, dueInMinutes: null },
    });
    expect((res.data!.open as { dueInMinutes: number }).dueInMinutes).toBeGreaterThanOrEqual(58);
  });

  it("when staff read a task's items, then each line has its product, units ordered and missing, in product order; a seeded task has none", async () => {
    const res = await postGraphQL(
      url,
      '{ withItems: pickTask(id: "pck_2") { items { product { id } quantity missingQuantity } } seeded: pickTask(id: "pck_1") { items { quantity } } }',
      {},
      { identity: staffA },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      withItems: {
        items: [
          { product: { id: 'prd_a' }, quantity: 1, missingQuantity: 0 },
          { product: { id: 'prd_b' }, quantity: 2, missingQuantity: 0 },
        ],
      },
      seeded: { items: [] },
    });
  });

  const STORE_QUEUE = `query($store: ID!, $status: PickTaskStatus, $first: Int, $after: String) {
    storeQueue(storeId: $store, status: $status, first: $first, after: $after) {
      edges { cursor node { id status } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }`;
  const pageIds = (res: { data?: any }) => res.data?.storeQueue?.edges.map((e: { node: { id: string } }) => e.node.id);

  it("when staff read their store's queue without a status, then they get its open tasks, most urgent (earliest promise) first", async () => {
    const res = await postGraphQL(url, STORE_QUEUE, { store: 'str_a' }, { identity: staffA });
    expect(res.errors).toBeUndefined();
    expect(pageIds(res)).toEqual(['pck_1', 'pck_2']);
    expect(res.data?.storeQueue).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
  });

  it('when the queue is read a page at a time, then the pages follow each other without gaps or repeats', async () => {
    const first = await postGraphQL(url, STORE_QUEUE, { store: 'str_a', first: 1 }, { identity: staffA });
    expect(pageIds(first)).toEqual(['pck_1']);
    expect(first.data?.storeQueue).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await postGraphQL(url, STORE_QUEUE, { store: 'str_a', first: 1, after: (first.data?.storeQueue as any).pageInfo.endCursor }, { identity: staffA });
    expect(pageIds(second)).toEqual(['pck_2']);
    expect(second.data?.storeQueue).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
  });

  it('when the queue is filtered by a status, then only that status comes back', async () => {
    const packed = await postGraphQL(url, STORE_QUEUE, { store: 'str_a', status: 'PACKED' }, { identity: admin });
    expect(pageIds(packed)).toEqual(['pck_3']);
    const cancelled = await postGraphQL(url, STORE_QUEUE, { store: 'str_a', status: 'CANCELLED' }, { identity: staffA });
    expect(pageIds(cancelled)).toEqual(['pck_4']);
  });

  it("when another store's staff or a customer read the queue, then FORBIDDEN; when nobody is signed in, UNAUTHENTICATED", async () => {
    for (const identity of [staffB, customer]) {
      const res = await postGraphQL(url, STORE_QUEUE, { store: 'str_a' }, { identity });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await postGraphQL(url, STORE_QUEUE, { store: 'str_a' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the page size is out of range or the cursor was not issued by the API, then the error is BAD_USER_INPUT', async () => {
    for (const variables of [{ first: -1 }, { first: 101 }, { after: 'bm90LWEtY3Vyc29y' }, { after: Buffer.from('{"id":"pck_1"}').toString('base64url') }]) {
      const res = await postGraphQL(url, STORE_QUEUE, { store: 'str_a', ...variables }, { identity: staffA });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('when a request is not signed by the gateway, then it is refused as UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, '{ pickTask(id: "pck_1") { id } }', {}, { sign: false, identity: admin });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('pick task repository', () => {
  it('when the seed inserts a batch too big for one VALUES list twice, then every task lands once and the re-run changes nothing', async () => {
    const repo = createRepositories(deps.db).pickTasks;
    const batch = Array.from({ length: 8_000 }, (_, i) => task({ id: `pck_bulk_${i}`, orderId: `ord_bulk_${i}`, storeId: 'str_bulk' }));
    await repo.insertMany(batch);
    await repo.insertMany(batch.map((t) => ({ ...t, status: 'CANCELLED' as const })));
    // Same order under a new id: still one task per order.
    await repo.insertMany([task({ id: 'pck_bulk_dup', orderId: 'ord_bulk_0', storeId: 'str_bulk' })]);
    const counts = await repo.countOpenByStore(['str_bulk']);
    expect(counts.get('str_bulk')).toBe(8_000);
    expect(await repo.findByIds(['pck_bulk_dup'])).toEqual([]);
  });

  it('when a task is stored, then updated_at is the latest of its timestamps', async () => {
    const rows = await deps.db('pick_tasks').select('updated_at').where('id', 'pck_3');
    expect(rows[0].updated_at).toEqual(at(9));
  });

  it('when a task has an unknown status or timestamps that contradict it, then the table refuses it', async () => {
    const repo = createRepositories(deps.db).pickTasks;
    const bad: PickTaskRecord[] = [
      task({ id: 'pck_bad_1', orderId: 'ord_bad_1', status: 'DONE' as PickTaskRecord['status'] }),
      task({ id: 'pck_bad_2', orderId: 'ord_bad_2', status: 'PACKED', startedAt: at(1), packedAt: null }),
      task({ id: 'pck_bad_3', orderId: 'ord_bad_3', status: 'PICKING', startedAt: null }),
      task({ id: 'pck_bad_4', orderId: 'ord_bad_4', status: 'PACKED', startedAt: at(5), packedAt: at(4) }),
    ];
    for (const record of bad) {
      await expect(repo.insertMany([record])).rejects.toMatchObject({ code: '23514' });
    }
  });

  it('when a line would have more units missing than ordered, or none ordered, then the table refuses it', async () => {
    const items = createRepositories(deps.db).pickTaskItems;
    await items.insertForTask('pck_3', [{ productId: 'prd_z', quantity: 1 }]);
    await expect(items.addMissing('pck_3', 'prd_z', 2)).rejects.toMatchObject({ code: '23514' });
    await expect(items.insertForTask('pck_3', [{ productId: 'prd_y', quantity: 0 }])).rejects.toMatchObject({ code: '23514' });
  });

  it('when every migration is rolled back, then its tables are gone', async () => {
    const scratch = await createTestDb('fulfillment_down', migrations);
    try {
      await rollbackAll(scratch.db, scratch.schema, migrations);
      for (const table of ['pick_tasks', 'pick_task_items', 'order_cancellations', 'outbox', 'processed_events']) {
        expect(await scratch.db.schema.hasTable(table)).toBe(false);
      }
    } finally {
      await scratch.drop();
    }
  });
});
