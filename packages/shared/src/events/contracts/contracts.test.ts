import snapshot from './contracts.snapshot.json';
import { EVENT_CONTRACTS } from './catalogue';
import { contractSnapshot, incompatibilities, unreadableBy, type ContractSnapshot } from '../../testing/contracts';
import type { Subject } from '../subjects';

const committed = snapshot as ContractSnapshot;
const subjects = Object.keys(EVENT_CONTRACTS) as Subject[];

describe('event contracts', () => {
  it('when the catalogue is read, then every subject has a contract and its example keeps it', () => {
    expect(subjects.filter((subject) => !EVENT_CONTRACTS[subject].schema.safeParse(EVENT_CONTRACTS[subject].example).success)).toEqual([]);
  });

  it('when a publisher changes a payload, then consumers built on the committed contract can still read it, and today\'s consumers read what is still in the stream', () => {
    expect(incompatibilities(committed)).toEqual([]);
  });

  it('when the contracts changed compatibly, then the committed snapshot was refreshed with them (npm run events:contracts -- --write)', () => {
    expect(contractSnapshot()).toEqual(committed);
  });

  it('when a publisher renames or drops a field, then the check names what consumers cannot read', () => {
    const { orderId, ...rest } = EVENT_CONTRACTS['fulfillment.packed'].example;
    expect(unreadableBy(committed, 'fulfillment.packed', { ...rest, order: orderId })).toEqual(["(payload) must have required property 'orderId'"]);
    expect(unreadableBy(committed, 'fulfillment.store_load', { storeId: 'str_1', openTasks: '3', at: '2026-11-20T10:00:00.000Z' })).toEqual(['/openTasks must be integer']);
  });
});
