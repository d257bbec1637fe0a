// Who acts from this browser. Auth off (loopback all-in-one): a name, sent as requester/approver.
// Auth on: a login that takes a token (kept in sessionStorage, sent as a bearer token); the API
// records the token's name, and whoami says the role.
import { useState } from 'react';
import { tokenStore } from '../api/client';
import { currentUser, setActingAs, useAccess } from '../auth/access';

export { currentUser };

function Login() {
  const { refresh } = useAccess();
  const [token, setToken] = useState('');
  return (
    <form
      className="identity"
      aria-label="Log in"
      onSubmit={(e) => {
        e.preventDefault();
        tokenStore.set(token.trim());
        setToken('');
        refresh();
      }}
    >
      <label>
        Token <input name="token" type="password" value={token} size={20} autoComplete="off" onChange={(e) => setToken(e.target.value)} />
      </label>
      <button type="submit" className="secondary">Log in</button>
    </form>
  );
}

export function Identity({ auth }: { auth: boolean }) {
  const { me, refresh } = useAccess();
  const [user, setUser] = useState(currentUser);
  if (auth && me?.auth) {
    return (
      <div className="identity">
        <span>Signed in as <strong>{me.name}</strong> ({me.role})</span>
        <button type="button" className="secondary" onClick={() => (tokenStore.set(''), refresh())}>Log out</button>
      </div>
    );
  }
  if (auth) return <Login />;
  return (
    <form className="identity" onSubmit={(e) => e.preventDefault()}>
      <label>
        Acting as{' '}
        <input
          name="user"
          value={user}
          size={12}
          onChange={(e) => {
            setUser(e.target.value);
            setActingAs(e.target.value);
          }}
        />
      </label>
    </form>
  );
}
