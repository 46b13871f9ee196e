import { useState, type FormEvent } from 'react';
import { devToken, readToken, type Session } from '../session';

/**
 * The seeded demo customers (`npm run seed` names them cus_001, cus_002 …; cus_001 is the one the demo
 * city orders for most) and the admin the operations map is for.
 */
const DEMO_CUSTOMERS = ['cus_001', 'cus_002', 'cus_003', 'cus_004', 'cus_005', 'cus_006'];

interface Props {
  /** Which role the page needs; the picker offers that role first. */
  want: 'customer' | 'admin';
  onSignedIn(session: Session): void;
}

/**
 * Development sign-in: pick a seeded customer or the admin and the gateway signs a development token
 * (only with NODE_ENV=development); anywhere else, paste a token from your identity provider.
 */
export function SignIn({ want, onSignedIn }: Props) {
  const [customer, setCustomer] = useState(DEMO_CUSTOMERS[0]!);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async (role: 'customer' | 'admin', sub: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const session = await devToken(role, sub);
      if (session) onSignedIn(session);
      else setProblem('This gateway does not hand out development tokens (it is not running with NODE_ENV=development). Paste a token instead.');
    } catch {
      setProblem('The gateway did not answer; is it running?');
    } finally {
      setBusy(false);
    }
  };

  const submitPasted = (event: FormEvent) => {
    event.preventDefault();
    const session = readToken(pasted.trim().replace(/^Bearer\s+/i, ''));
    if (session) onSignedIn(session);
    else setProblem('That is not a token this page can read (a JWT with role, sub and exp).');
  };

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void pick('customer', customer);
        }}
      >
        <label htmlFor="demo-customer">Demo customer</label>
        <select id="demo-customer" value={customer} onChange={(event) => setCustomer(event.target.value)}>
          {DEMO_CUSTOMERS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy} className={want === 'customer' ? 'primary' : undefined}>
          Sign in as customer
        </button>
      </form>
      <div className="row">
        <button type="button" disabled={busy} className={want === 'admin' ? 'primary' : undefined} onClick={() => void pick('admin', 'ops')}>
          Sign in as admin (ops)
        </button>
      </div>
      <form className="row" onSubmit={submitPasted}>
        <label htmlFor="pasted-token">Or paste a token</label>
        <input id="pasted-token" type="password" autoComplete="off" value={pasted} onChange={(event) => setPasted(event.target.value)} />
        <button type="submit">Use token</button>
      </form>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
