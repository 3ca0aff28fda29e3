import { test } from "node:test";
import assert from "node:assert/strict";
import { formatPeer, samePeer } from "../../harness/transport/datagram-endpoint";

test("formatPeer writes address:port, as error messages and descriptions show a peer", () => {
  assert.equal(formatPeer({ address: "192.0.2.2", port: 1628 }), "192.0.2.2:1628");
  assert.equal(formatPeer({ address: "127.0.0.1", port: 0 }), "127.0.0.1:0");
});

test("samePeer needs both the address and the port to match", () => {
  const gateway = { address: "192.0.2.2", port: 1628 };
  assert.equal(samePeer(gateway, { address: "192.0.2.2", port: 1628 }), true, "equal fields, distinct objects");
  assert.equal(samePeer(gateway, { address: "192.0.2.2", port: 1629 }), false, "the urgent port is another peer");
  assert.equal(samePeer(gateway, { address: "192.0.2.3", port: 1628 }), false, "another host on the same port");
});
