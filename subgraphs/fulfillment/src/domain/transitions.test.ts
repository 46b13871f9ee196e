import { PICK_TASK_STATUSES } from '../data/types';
import { transition, TRANSITIONS, type PickTaskAction } from './transitions';

const ACTIONS = Object.keys(TRANSITIONS) as PickTaskAction[];

describe('pick task transitions', () => {
  // Every (action, status) pair, so a change to the table shows up here as a changed expectation.
  const expected: Record<PickTaskAction, Partial<Record<(typeof PICK_TASK_STATUSES)[number], string>>> = {
    startPicking: { QUEUED: 'PICKING' },
    markItemMissing: { PICKING: 'PICKING' },
    markPacked: { PICKING: 'PACKED' },
    cancel: { QUEUED: 'CANCELLED', PICKING: 'CANCELLED' },
  };

  for (const action of ACTIONS) {
    for (const from of PICK_TASK_STATUSES) {
      const to = expected[action][from];
      it(`when ${action} is asked of a ${from} task, then ${to ? `it becomes ${to}` : 'it is refused'}`, () => {
        const outcome = transition(action, from);
        if (to) expect(outcome).toEqual({ ok: true, to });
        else expect(outcome).toEqual({ ok: false, reason: expect.stringContaining(from) });
      });
    }
  }

  it('when packing is refused for a queued task, then the reason tells staff to start picking first', () => {
    expect(transition('markPacked', 'QUEUED')).toEqual({ ok: false, reason: 'Cannot pack this pick task: it is still QUEUED: start picking first.' });
  });

  it('when a task is PACKED or CANCELLED, then no action leads anywhere (both are final)', () => {
    for (const action of ACTIONS) {
      expect(transition(action, 'PACKED').ok).toBe(false);
      expect(transition(action, 'CANCELLED').ok).toBe(false);
    }
  });
});
