import { connectKurrentDb } from '../index';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The event-store contract against a live KurrentDB, when KURRENTDB_URL names one, e.g.
 * `KURRENTDB_URL='kurrentdb://localhost:2113?tls=false'`. Streams get random names, so a shared
 * server works; the "readAll pages" tests read the whole `$all` (Ayumi streams only), so a fresh
 * server (docker compose, CI service) keeps them fast, and the count test assumes no other writer.
 */
const url = process.env['KURRENTDB_URL'];

if (url) {
  describeEventStoreContract('KurrentDB', async () => {
    const store = KurrentDbEventStore.connect(url);
    return { store, cleanup: () => store.close() };
  });
} else {
  describe('KurrentDB event store (no KURRENTDB_URL: live contract not run)', () => {
    it('given no KurrentDB server, then the adapter module loads and exposes the contract entry', async () => {
      console.log('KurrentDB: the live event-store contract runs only with KURRENTDB_URL set (e.g. kurrentdb://localhost:2113?tls=false).');
      expect(typeof describeEventStoreContract).toBe('function');
      expect(typeof KurrentDbEventStore.connect).toBe('function');
      // The client connects lazily: building a store (through the loader the app uses) needs no
      // server, and a malformed position is refused before any network call.
      const store = connectKurrentDb('kurrentdb://127.0.0.1:1?tls=false');
      for (const method of ['append', 'readStream', 'readAll', 'countEvents', 'onAppended', 'close'] as const) {
        expect(typeof store[method]).toBe('function');
      }
      await expect(store.readAll('not a position', 10)).rejects.toThrow(/position/i);
      await store.close();
    });
  });
}
