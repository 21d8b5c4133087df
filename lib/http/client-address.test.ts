import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-address";

describe("clientAddressOf", () => {
  it.each([
    ["no proxy: the socket's peer, whatever the client claims", "203.0.113.9, 198.51.100.1", "192.0.2.7", 0, "192.0.2.7"],
    ["no proxy and no header", undefined, "192.0.2.7", 0, "192.0.2.7"],
    ["one proxy: what it appended, not what the client put before it", "203.0.113.9, 198.51.100.1", "10.0.0.2", 1, "198.51.100.1"],
    ["two proxies", "203.0.113.9, 198.51.100.1, 10.0.0.3", "10.0.0.2", 2, "198.51.100.1"],
    ["more hops trusted than there are: the first entry", "198.51.100.1", "10.0.0.2", 5, "198.51.100.1"],
    ["blank entries are skipped", " , 198.51.100.1 ,", "10.0.0.2", 1, "198.51.100.1"],
    ["nothing at all", undefined, undefined, 0, "unknown"],
  ])("%s", (_, forwardedFor, socket, hops, expected) => {
    expect(clientAddressOf(forwardedFor, socket, hops)).toBe(expected);
  });
});
