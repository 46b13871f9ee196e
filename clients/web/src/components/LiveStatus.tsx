import { clock } from '../format';
import { useLiveState } from '../hooks';
import type { LiveConnection } from '../live';

/** Says whether updates are flowing, and that the page reconnects by itself when they are not. */
export function LiveStatus({ connection }: { connection: LiveConnection }) {
  const state = useLiveState(connection);
  let text: string;
  let tone: string;
  switch (state.kind) {
    case 'connecting':
      text = 'Connecting to live updates…';
      tone = 'pending';
      break;
    case 'live':
      text = state.reconnected ? `Reconnected at ${clock(state.since)} — live again, caught up.` : 'Live: updates arrive as they happen.';
      tone = 'ok';
      break;
    case 'reconnecting':
      text = `Connection lost (${state.reason}). Reconnecting by itself — attempt ${state.attempt}…`;
      tone = 'warn';
      break;
  }
  return (
    <p className={`live-status live-${tone}`} role="status" aria-live="polite" data-testid="live-status" data-state={state.kind}>
      <span className="live-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
