import { test } from "node:test";
import assert from "node:assert/strict";
import { OsgpError, SessionError, TransportError } from "../../harness/errors";
import { ExchangeSlot, type InFlight } from "../../harness/session/exchange-slot";

type P = InFlight & { resolve(v: string): void; disposed: boolean };

function slot() {
  return new ExchangeSlot<P>("a test exchange");
}
const make = (resolve: (v: string) => void, reject: (e: OsgpError) => void): P => {
  const p: P = { resolve, reject, disposed: false, dispose: () => void (p.disposed = true) };
  return p;
};

test("one exchange at a time: a second is refused with the bytes, the first still settles", async () => {
  const s = slot();
  const first = s.start<string>(make, () => undefined, new Uint8Array([1]));
  await assert.rejects(
    s.start<string>(make, () => undefined, new Uint8Array([2])),
    (e: unknown) =>
      e instanceof SessionError &&
      e.code === "OSGP_ERR_SESSION_STATE" &&
      /a test exchange is already in progress/.test(e.message),
  );
  const p = s.take();
  assert.ok(p !== null && p.disposed, "taking it out undoes its timer");
  p.resolve("answer");
  assert.equal(await first, "answer");
  assert.equal(s.pending, null);
});

test("what send throws fails the exchange and frees the slot", async () => {
  const s = slot();
  const boom = new SessionError("OSGP_ERR_SESSION_STATE", "link refused");
  await assert.rejects(
    s.start<string>(
      make,
      () => {
        throw boom;
      },
      new Uint8Array(0),
    ),
    (e: unknown) => e === boom,
  );
  assert.equal(s.pending, null);
});

test("shutting fails the exchange in flight, and every later one, with the first reason given", async () => {
  const s = slot();
  const inFlight = s.start<string>(make, () => undefined, new Uint8Array(0));
  const lost = new TransportError("OSGP_ERR_PORT_CLOSED", "port unplugged");
  s.shut(lost);
  await assert.rejects(inFlight, (e: unknown) => e === lost);
  s.shut(new SessionError("OSGP_ERR_SESSION_STATE", "closed"));
  assert.equal(s.closedError, lost, "a later close does not hide why the port went");
  assert.equal(s.isClosed, true);
  await assert.rejects(
    s.start<string>(make, () => assert.fail("nothing is sent on a closed session"), new Uint8Array(0)),
    (e: unknown) => e === lost,
  );
});
