// Who acts from this browser: the name sent as requester/approver (the API takes it from the
// token instead when auth is on) and, when the API wants one, the bearer token.
import { useState } from 'react';
import { tokenStore } from '../api/client';

const USER_KEY = 'bulwark.user';

/** The operator's name as the console sends it (requester, approver); "console" until set. */
export function currentUser(): string {
  return localStorage.getItem(USER_KEY) || 'console';
}

export function Identity({ auth }: { auth: boolean }) {
  const [user, setUser] = useState(currentUser);
  const [token, setToken] = useState(tokenStore.get);
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
            localStorage.setItem(USER_KEY, e.target.value.trim());
          }}
        />
      </label>
      {auth && (
        <label>
          Token{' '}
          <input
            name="token"
            type="password"
            value={token}
            size={16}
            autoComplete="off"
            onChange={(e) => {
              setToken(e.target.value);
              tokenStore.set(e.target.value.trim());
            }}
          />
        </label>
      )}
    </form>
  );
}
