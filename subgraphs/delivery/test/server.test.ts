import { createTestDb, createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrate, rollbackAll, type Identity } from '@qc/shared';
import { migrations } from '../migrations';
import { createRepositories, type DeliveryRecord } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const admin: Identity = { sub: 'adm_1', role: 'admin' };
const ada: Identity = { sub: 'cou_1', role: 'courier' };
const ben: Identity = { sub: 'user-ben', role: 'courier', courierId: 'cou_2' };
const customer: Identity = { sub: 'cus_1', role: 'customer' };

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const assignedAt = minutesAgo(30);
const deliveredAt = minutesAgo(5);

const delivery = (fields: Partial<DeliveryRecord> & Pick<DeliveryRecord, 'id' | 'orderId' | 'status'>): DeliveryRecord => ({
  courierId: null,
  assignedAt: null,
  pickedUpAt: null,
  deliveredAt: null,
  proofOfDelivery: null,
  ...fields,
});

beforeAll(async () => {
  deps = await createTestDeps('delivery', migrations);
  const repos = createRepositories(deps.db);
  await repos.couriers.upsertMany([
    { id: 'cou_1', name: 'Ada', vehicle: 'BICYCLE', rating: 4.85, status: 'BUSY', currentLoad: 1, homeStoreId: 'str_1' },
    { id: 'cou_2', name: 'Ben', vehicle: 'CAR', rating: 3.5, status: 'IDLE', currentLoad: 0, homeStoreId: null },
    { id: 'cou_3', name: 'Cy', vehicle: 'E_BIKE', rating: 5, status: 'IDLE', currentLoad: 0, homeStoreId: 'str_2' },
  ]);
  await repos.deliveries.insertMany([
    delivery({ id: 'dlv_1', orderId: 'ord_1', courierId: 'cou_1', status: 'ASSIGNED', assignedAt }),
    // ord_2 failed once, then Ada delivered it: the delivered one is the order's delivery.
    delivery({ id: 'dlv_2', orderId: 'ord_2', courierId: 'cou_2', status: 'FAILED', assignedAt: minutesAgo(90) }),
    delivery({
      id: 'dlv_3',
      orderId: 'ord_2',
      courierId: 'cou_1',
      status: 'DELIVERED',
      assignedAt: minutesAgo(60),
      pickedUpAt: minutesAgo(50),
      deliveredAt,
      proofOfDelivery: 'https://proof.example/dlv_3.jpg',
    }),
    // ord_3 only ever failed: the latest failure is the order's delivery.
    delivery({ id: 'dlv_4', orderId: 'ord_3', courierId: 'cou_2', status: 'FAILED', assignedAt: minutesAgo(40) }),
    delivery({ id: 'dlv_5', orderId: 'ord_3', courierId: 'cou_2', status: 'FAILED', assignedAt: minutesAgo(20) }),
    delivery({ id: 'dlv_6', orderId: 'ord_5', status: 'OFFERED' }),
  ]);
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

const COURIER_QUERY = 'query($id: ID!) { courier(id: $id) { id name vehicle rating status currentLoad homeStore { id } } }';
const DELIVERY_QUERY =
  'query($id: ID!) { delivery(id: $id) { id status order { id } courier { id name } assignedAt pickedUpAt deliveredAt proofOfDelivery } }';

describe('Query.courier', () => {
  it('when a courier asks for themselves, then they get their profile with the rating as a number and their home store as a key', async () => {
    const res = await postGraphQL(url, COURIER_QUERY, { id: 'cou_1' }, { identity: ada });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      courier: { id: 'cou_1', name: 'Ada', vehicle: 'BICYCLE', rating: 4.85, status: 'BUSY', currentLoad: 1, homeStore: { id: 'str_1' } },
    });
  });

  it('when the courier token carries a courierId, then that courier is "themselves" and no home store is null', async () => {
    const res = await postGraphQL(url, COURIER_QUERY, { id: 'cou_2' }, { identity: ben });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      courier: { id: 'cou_2', name: 'Ben', vehicle: 'CAR', rating: 3.5, status: 'IDLE', currentLoad: 0, homeStore: null },
    });
  });

  it('when an admin asks for any courier, then it is allowed, and an unknown one is null', async () => {
    const known = await postGraphQL(url, COURIER_QUERY, { id: 'cou_3' }, { identity: admin });
    expect(known.data).toMatchObject({ courier: { id: 'cou_3', rating: 5 } });
    const unknown = await postGraphQL(url, COURIER_QUERY, { id: 'cou_404' }, { identity: admin });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ courier: null });
  });

  it('when a courier asks for another courier, then it is FORBIDDEN', async () => {
    const res = await postGraphQL(url, COURIER_QUERY, { id: 'cou_2' }, { identity: ada });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toEqual({ courier: null });
  });

  it('when a customer asks, then it is FORBIDDEN whether or not the courier exists', async () => {
    for (const id of ['cou_1', 'cou_404']) {
      const res = await postGraphQL(url, COURIER_QUERY, { id }, { identity: customer });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, COURIER_QUERY, { id: 'cou_1' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the id is not an ID, then the error is BAD_USER_INPUT', async () => {
    const res = await postGraphQL(url, COURIER_QUERY, { id: { not: 'an id' } }, { identity: admin });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Query.delivery', () => {
  it('when the assigned courier asks, then they get the delivery with the order as a key and themselves as courier', async () => {
    const res = await postGraphQL(url, DELIVERY_QUERY, { id: 'dlv_1' }, { identity: ada });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      delivery: {
        id: 'dlv_1',
        status: 'ASSIGNED',
        order: { id: 'ord_1' },
        courier: { id: 'cou_1', name: 'Ada' },
        assignedAt: assignedAt.toISOString(),
        pickedUpAt: null,
        deliveredAt: null,
        proofOfDelivery: null,
      },
    });
  });

  it('when an admin asks for a delivered one, then its times and proof come back as stored', async () => {
    const res = await postGraphQL(url, DELIVERY_QUERY, { id: 'dlv_3' }, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      delivery: { status: 'DELIVERED', deliveredAt: deliveredAt.toISOString(), proofOfDelivery: 'https://proof.example/dlv_3.jpg' },
    });
  });

  it('when an admin asks for an unassigned delivery, then its courier is null', async () => {
    const res = await postGraphQL(url, DELIVERY_QUERY, { id: 'dlv_6' }, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ delivery: { id: 'dlv_6', status: 'OFFERED', courier: null } });
  });

  it('when an admin or a courier asks for an unknown delivery, then the answer is null', async () => {
    for (const identity of [admin, ada]) {
      const res = await postGraphQL(url, DELIVERY_QUERY, { id: 'dlv_404' }, { identity });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ delivery: null });
    }
  });

  it('when another courier asks, or any courier asks for an unassigned one, then it is null, as for an unknown id', async () => {
    for (const [id, identity] of [['dlv_1', ben], ['dlv_6', ada], ['dlv_404', ada]] as const) {
      const res = await postGraphQL(url, DELIVERY_QUERY, { id }, { identity });
      expect(res).toMatchObject({ data: { delivery: null } });
      expect(res.errors).toBeUndefined();
    }
  });

  it('when a customer asks, then it is FORBIDDEN whether or not the delivery exists', async () => {
    for (const id of ['dlv_1', 'dlv_404']) {
      const res = await postGraphQL(url, DELIVERY_QUERY, { id }, { identity: customer });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, DELIVERY_QUERY, { id: 'dlv_1' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the id is missing, then the error is BAD_USER_INPUT', async () => {
    const res = await postGraphQL(url, DELIVERY_QUERY, { id: null }, { identity: admin });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Mutation.setCourierStatus', () => {
  const SET = 'mutation($status: CourierStatus!) { setCourierStatus(status: $status) { id status } }';
  const cy: Identity = { sub: 'cou_3', role: 'courier' };
  const idleSince = async (id: string) => (await deps.db('couriers').where('id', id).first()).idle_since as Date | null;

  it('when an idle courier goes offline and back online, then their status follows and their idle clock stops and restarts', async () => {
    const before = await idleSince('cou_3');
    expect(before).not.toBeNull();
    const off = await postGraphQL(url, SET, { status: 'OFFLINE' }, { identity: cy });
    expect(off.errors).toBeUndefined();
    expect(off.data).toEqual({ setCourierStatus: { id: 'cou_3', status: 'OFFLINE' } });
    expect(await idleSince('cou_3')).toBeNull();
    const on = await postGraphQL(url, SET, { status: 'IDLE' }, { identity: cy });
    expect(on.data).toEqual({ setCourierStatus: { id: 'cou_3', status: 'IDLE' } });
    expect((await idleSince('cou_3'))!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it('when the courier asks for the status they already have, then it is answered and nothing changes', async () => {
    const before = await idleSince('cou_3');
    const res = await postGraphQL(url, SET, { status: 'IDLE' }, { identity: cy });
    expect(res.data).toEqual({ setCourierStatus: { id: 'cou_3', status: 'IDLE' } });
    expect(await idleSince('cou_3')).toEqual(before);
  });

  it('when a courier asks for OFFERED or BUSY, then it is BAD_USER_INPUT and nothing changes', async () => {
    for (const status of ['OFFERED', 'BUSY']) {
      const res = await postGraphQL(url, SET, { status }, { identity: cy });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await createRepositories(deps.db).couriers.findByIds(['cou_3']))[0]?.status).toBe('IDLE');
  });

  it('when a busy courier tries to go offline, then it is INVALID_STATE and they stay BUSY', async () => {
    const res = await postGraphQL(url, SET, { status: 'OFFLINE' }, { identity: ada });
    expect(res.errors?.[0]).toMatchObject({ message: 'You are carrying an order: deliver it first', extensions: { code: 'INVALID_STATE' } });
    expect((await createRepositories(deps.db).couriers.findByIds(['cou_1']))[0]?.status).toBe('BUSY');
  });

  it('when the token names a courier that does not exist, then it is NOT_FOUND', async () => {
    const res = await postGraphQL(url, SET, { status: 'IDLE' }, { identity: { sub: 'cou_404', role: 'courier' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('when an admin or a customer sets a courier status, then it is FORBIDDEN; anonymous, UNAUTHENTICATED; a bad status, BAD_USER_INPUT', async () => {
    expect((await postGraphQL(url, SET, { status: 'IDLE' }, { identity: admin })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(url, SET, { status: 'IDLE' }, { identity: customer })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(url, SET, { status: 'IDLE' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await postGraphQL(url, SET, { status: 'ASLEEP' }, { identity: cy })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Query.myOffers', () => {
  const MY_OFFERS = '{ myOffers { id } }';

  it('when a courier without offers asks, then the list is empty', async () => {
    const res = await postGraphQL(url, MY_OFFERS, {}, { identity: ben });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ myOffers: [] });
  });

  it('when someone who is not a courier asks, then it is FORBIDDEN; anonymous, UNAUTHENTICATED', async () => {
    expect((await postGraphQL(url, MY_OFFERS, {}, { identity: admin })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(url, MY_OFFERS, {}, { identity: customer })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(url, MY_OFFERS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('Query.escalatedDeliveries', () => {
  const ESCALATED = 'query($first: Int) { escalatedDeliveries(first: $first) { order { id } } }';

  it('when an admin asks and nothing is escalated, then the list is empty; a limit outside 1–200 is BAD_USER_INPUT', async () => {
    const res = await postGraphQL(url, ESCALATED, {}, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ escalatedDeliveries: [] });
    for (const first of [0, 201]) {
      expect((await postGraphQL(url, ESCALATED, { first }, { identity: admin })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('when a courier asks, then it is FORBIDDEN; anonymous, UNAUTHENTICATED', async () => {
    expect((await postGraphQL(url, ESCALATED, {}, { identity: ada })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(url, ESCALATED)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('_entities', () => {
  const ENTITIES =
    'query($r: [_Any!]!) { _entities(representations: $r) { __typename ' +
    '... on Courier { id name homeStore { id } } ' +
    '... on Delivery { id status order { id } courier { id } } ' +
    '... on Order { id delivery { id status } } } }';

  it('when the gateway resolves Courier and Delivery references, then _entities answers in key order with null for unknown ids', async () => {
    const res = await postGraphQL(url, ENTITIES, {
      r: [
        { __typename: 'Delivery', id: 'dlv_3' },
        { __typename: 'Courier', id: 'cou_2' },
        { __typename: 'Courier', id: 'cou_404' },
        { __typename: 'Courier', id: 'cou_1' },
        { __typename: 'Delivery', id: 'dlv_404' },
      ],
    }, { identity: { sub: 'gateway', role: 'service' } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        { __typename: 'Delivery', id: 'dlv_3', status: 'DELIVERED', order: { id: 'ord_2' }, courier: { id: 'cou_1' } },
        { __typename: 'Courier', id: 'cou_2', name: 'Ben', homeStore: null },
        null,
        { __typename: 'Courier', id: 'cou_1', name: 'Ada', homeStore: { id: 'str_1' } },
        null,
      ],
    });
  });

  it('when orders ask for Order.delivery, then each order gets its live delivery, else its latest failure, else null', async () => {
    const res = await postGraphQL(url, ENTITIES, {
      r: ['ord_2', 'ord_4', 'ord_3', 'ord_1', 'ord_5'].map((id) => ({ __typename: 'Order', id })),
    }, { identity: { sub: 'gateway', role: 'service' } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        { __typename: 'Order', id: 'ord_2', delivery: { id: 'dlv_3', status: 'DELIVERED' } },
        { __typename: 'Order', id: 'ord_4', delivery: null },
        { __typename: 'Order', id: 'ord_3', delivery: { id: 'dlv_5', status: 'FAILED' } },
        { __typename: 'Order', id: 'ord_1', delivery: { id: 'dlv_1', status: 'ASSIGNED' } },
        { __typename: 'Order', id: 'ord_5', delivery: { id: 'dlv_6', status: 'OFFERED' } },
      ],
    });
  });
});

describe('database invariants', () => {
  const row = (fields: Record<string, unknown>) => ({ status: 'ASSIGNED', assigned_at: new Date(), ...fields });

  it('when a courier who carries an order is given a second active delivery, then the database refuses it', async () => {
    await expect(deps.db('deliveries').insert(row({ id: 'dlv_x1', order_id: 'ord_x1', courier_id: 'cou_1' }))).rejects.toMatchObject({
      code: '23505',
      constraint: 'deliveries_one_active_per_courier',
    });
  });

  it('when an order that has a live delivery gets a second one, then the database refuses it', async () => {
    await expect(
      deps.db('deliveries').insert({ id: 'dlv_x2', order_id: 'ord_1', status: 'OFFERED' }),
    ).rejects.toMatchObject({ code: '23505', constraint: 'deliveries_one_live_per_order' });
  });

  it('when the earlier attempts failed or were delivered, then a new live delivery is accepted', async () => {
    // Ada (cou_1) has an ASSIGNED and a DELIVERED one; Ben (cou_2) only failures, so he may take ord_3 again.
    await deps.db('deliveries').insert(row({ id: 'dlv_x3', order_id: 'ord_3', courier_id: 'cou_2' }));
    const rows = await deps.db('deliveries').where({ courier_id: 'cou_2' }).select('id');
    expect(rows.map((r) => r.id).sort()).toEqual(['dlv_2', 'dlv_4', 'dlv_5', 'dlv_x3']);
    await deps.db('deliveries').where({ id: 'dlv_x3' }).delete();
  });

  it('when a delivery claims to be delivered without a delivery time, then the database refuses it', async () => {
    await expect(
      deps.db('deliveries').insert(row({ id: 'dlv_x4', order_id: 'ord_x4', courier_id: 'cou_3', status: 'DELIVERED', picked_up_at: new Date() })),
    ).rejects.toMatchObject({ code: '23514', constraint: 'deliveries_delivered_check' });
  });

  it('when a courier is rated outside 1–5 or carries a negative load, then the database refuses it', async () => {
    const repos = createRepositories(deps.db);
    const courier = { id: 'cou_bad', name: 'Bad', vehicle: 'CAR', rating: 4, status: 'IDLE', currentLoad: 0, homeStoreId: null } as const;
    await expect(repos.couriers.upsertMany([{ ...courier, rating: 5.5 }])).rejects.toMatchObject({ constraint: 'couriers_rating_check' });
    await expect(repos.couriers.upsertMany([{ ...courier, currentLoad: -1 }])).rejects.toMatchObject({ constraint: 'couriers_current_load_check' });
  });
});

describe('seed API', () => {
  it('when couriers are upserted again, then they are updated in place, the last record of a repeated id winning', async () => {
    const repos = createRepositories(deps.db);
    const courier = { id: 'cou_seed', name: 'Seed', vehicle: 'SCOOTER', rating: 4.2, status: 'OFFLINE', currentLoad: 0, homeStoreId: 'str_9' } as const;
    await repos.couriers.upsertMany([courier]);
    await repos.couriers.upsertMany([courier, { ...courier, rating: 4.25, status: 'IDLE' }]);
    expect(await repos.couriers.findByIds(['cou_seed'])).toEqual([{ ...courier, rating: 4.25, status: 'IDLE' }]);
  });

  it('when deliveries are inserted again or conflict with live ones, then they are skipped and the rest go in', async () => {
    const repos = createRepositories(deps.db);
    const fresh = delivery({ id: 'dlv_seed', orderId: 'ord_seed', courierId: 'cou_3', status: 'PICKED_UP', assignedAt, pickedUpAt: deliveredAt });
    await repos.deliveries.insertMany([
      fresh,
      // A re-run of dlv_1 with another status, and a second live delivery for ord_1: both skipped.
      delivery({ id: 'dlv_1', orderId: 'ord_1', courierId: 'cou_1', status: 'DELIVERED', assignedAt, pickedUpAt: assignedAt, deliveredAt }),
      delivery({ id: 'dlv_seed_dup', orderId: 'ord_1', status: 'OFFERED' }),
    ]);
    const stored = await repos.deliveries.findByIds(['dlv_seed', 'dlv_1', 'dlv_seed_dup']);
    expect(stored.map(({ id, status }) => ({ id, status })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'dlv_1', status: 'ASSIGNED' },
      { id: 'dlv_seed', status: 'PICKED_UP' },
    ]);
    // Dated by its first event and stamped with its last, so history reads right.
    expect(stored.find((d) => d.id === 'dlv_seed')).toMatchObject({ ...fresh, createdAt: assignedAt, updatedAt: deliveredAt });
  });
});

describe('subgraph doors', () => {
  it('when a request is not signed by the gateway, then it is refused as UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, COURIER_QUERY, { id: 'cou_1' }, { sign: false });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('migrations', () => {
  it('when every migration is rolled back, then the tables are gone and they apply again', async () => {
    const { db, schema, drop } = await createTestDb('delivery_mig', migrations);
    try {
      await rollbackAll(db, schema, migrations);
      for (const table of ['offers', 'dispatch_jobs', 'outbox', 'deliveries', 'couriers']) expect(await db.schema.hasTable(table)).toBe(false);
      await migrate(db, schema, migrations);
      for (const table of ['offers', 'dispatch_jobs', 'outbox', 'deliveries']) expect(await db.schema.hasTable(table)).toBe(true);
    } finally {
      await drop();
    }
  });
});
