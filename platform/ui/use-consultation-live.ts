import { useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';

export interface PhaseChanged {
  from: string;
  to: string;
}

/**
 * Follows a consultation live: joins its Socket.io room (the server checks the person may view
 * it) and reloads the page's data when its phase changes, without a page reload. Returns the
 * last change, for a live region that tells screen-reader users what happened.
 */
export function useConsultationLive(slug: string): PhaseChanged | null {
  const revalidator = useRevalidator();
  const [lastChange, setLastChange] = useState<PhaseChanged | null>(null);
  useEffect(() => {
    let closed = false;
    let disconnect = () => {};
    void import('socket.io-client').then(({ io }) => {
      if (closed) return;
      const socket = io({ transports: ['websocket', 'polling'] });
      // Joined again after every reconnection: rooms do not survive a lost connection.
      socket.on('connect', () => socket.emit('consultation:join', slug));
      socket.on('phase:changed', (change: PhaseChanged) => {
        setLastChange(change);
        revalidator.revalidate();
      });
      disconnect = () => socket.disconnect();
    });
    return () => {
      closed = true;
      disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one connection per consultation
  }, [slug]);
  return lastChange;
}
